package dev.hookgate.operator.receiver;

import java.net.URI;
import java.util.List;

/** A fixed list of receivers (HOOKGATE_RECEIVER_STATUS_URLS): standalone and embedded runs. */
public record StaticReceiverFleet(List<URI> receivers) implements ReceiverFleet {

  public StaticReceiverFleet {
    receivers = List.copyOf(receivers);
  }
}
