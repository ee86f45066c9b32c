package dev.hookgate.receiver.verify;

/**
 * Thrown by the checks verifiers share (header present and well formed, timestamp fresh, digest matching) so
 * that a verifier reads as its provider's steps in order. Carries what the sender is answered; no stack trace.
 */
final class DeliveryRefused extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient Verification.Rejected rejection;

  DeliveryRefused(Verification.Rejected rejection) {
    super(rejection.reason(), null, false, false);
    this.rejection = rejection;
  }

  Verification.Rejected rejection() {
    return rejection;
  }
}
