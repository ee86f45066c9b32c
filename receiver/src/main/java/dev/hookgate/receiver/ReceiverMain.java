package dev.hookgate.receiver;

import io.micronaut.runtime.Micronaut;

/** Starts the receiver: public webhook port (8080) and internal management port (9090). */
public final class ReceiverMain {

  private ReceiverMain() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(ReceiverMain.class).banner(false).start();
  }
}
