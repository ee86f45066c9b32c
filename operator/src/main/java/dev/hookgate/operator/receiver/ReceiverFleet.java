package dev.hookgate.operator.receiver;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** The receiver pods the operator asks which routes they serve. */
public interface ReceiverFleet extends AutoCloseable {

  /** Base URLs of the ready receivers' status ports, e.g. {@code http://10.0.0.7:9090}. */
  List<URI> receivers();

  /**
   * Receivers that run but are not ready (a full store, a drain, stopping, starting): they take no deliveries, but
   * may still hold some, which the endpoints' totals count.
   */
  default List<URI> notReady() {
    return List.of();
  }

  /** The pod behind one of the receivers, when known (EndpointSlices name it). */
  default Optional<PodRef> pod(URI receiver) {
    return Optional.empty();
  }

  /** A pod, as Events name the object they are about. */
  record PodRef(String namespace, String name, String uid) {}

  /** How messages for people name one of {@link #receivers()}: its pod when known, else its URL. */
  default String describe(URI receiver) {
    return receiver.toString();
  }

  @Override
  default void close() {}
}
