package dev.hookgate.receiver;

import io.micronaut.runtime.Micronaut;
import java.security.Security;

/** Starts the receiver: public webhook port (8080) and internal management port (9090). */
public final class ReceiverMain {

  /** Seconds the JVM keeps a name's addresses, unless the JVM's security properties say otherwise. */
  static final String ADDRESS_CACHE_SECONDS = "5";

  private ReceiverMain() {}

  public static void main(String[] args) {
    // The receivers find each other by resolving their headless Service again every few seconds
    // (hookgate.peers.refresh-interval); the JVM's default 30 s cache of a name's addresses would hide a receiver
    // joining or leaving from the others for that long.
    if (Security.getProperty("networkaddress.cache.ttl") == null) {
      Security.setProperty("networkaddress.cache.ttl", ADDRESS_CACHE_SECONDS);
    }
    Micronaut.build(args).mainClass(ReceiverMain.class).banner(false).start();
  }
}
