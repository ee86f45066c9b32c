package dev.hookgate.receiver.verify;

/** The outcome of checking one delivery's signature. */
public sealed interface Verification {

  /**
   * @param eventType the provider's event type, or null when the delivery does not say
   * @param deliveryId the provider's delivery id, or null when the provider has none
   */
  record Accepted(String eventType, String deliveryId) implements Verification {}

  /**
   * @param httpStatus what to answer the sender
   * @param reason a short plain-text reason that reveals nothing about the secret
   */
  record Rejected(int httpStatus, String reason) implements Verification {}

  static Verification accepted(String eventType, String deliveryId) {
    return new Accepted(eventType, deliveryId);
  }

  static Verification missingSignature() {
    return new Rejected(401, "signature missing");
  }

  static Verification mismatch() {
    return new Rejected(401, "signature does not match");
  }

  static Verification malformed(String what) {
    return new Rejected(400, what + " is malformed");
  }

  static Verification unsupportedContentType() {
    return new Rejected(415, "content type not sent by this provider");
  }
}
