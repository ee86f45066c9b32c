package dev.hookgate.receiver.testing;

import dev.hookgate.receiver.verify.Verification;

/** Verification outcomes as the HTTP status the sender would see, for table-driven tests. */
public final class Outcomes {

  private Outcomes() {}

  /** 200 for an accepted delivery, the handshake's or rejection's status otherwise. */
  public static int status(Verification verification) {
    if (verification instanceof Verification.Rejected rejected) {
      return rejected.httpStatus();
    }
    if (verification instanceof Verification.Handshake handshake) {
      return handshake.httpStatus();
    }
    return 200;
  }
}
