package dev.hookgate.receiver.verify;

/** The outcome of checking one delivery's signature. */
public sealed interface Verification {

  /**
   * A genuine delivery, to be deduplicated, filtered and forwarded.
   *
   * @param eventType the provider's event type, or null when the delivery does not say
   * @param deliveryId the provider's delivery id, or null when the provider has none
   * @param dedupKey what identifies this delivery across the provider's retries and redeliveries (e.g. GitHub's
   *     hook id + delivery GUID, Stripe's event id); null when the provider gives nothing to deduplicate on
   */
  record Accepted(String eventType, String deliveryId, String dedupKey) implements Verification {}

  /**
   * A genuine handshake (Slack's url_verification, Zoom's endpoint.url_validation): answered with exactly this
   * response and never forwarded.
   */
  record Handshake(int httpStatus, String contentType, String body) implements Verification {

    public static Handshake json(String json) {
      return new Handshake(200, "application/json", json);
    }
  }

  /**
   * @param httpStatus what to answer the sender
   * @param reason a short plain-text reason that reveals nothing about the secret
   */
  record Rejected(int httpStatus, String reason) implements Verification {}

  /** Accepted, deduplicated on the delivery id when there is one. */
  static Verification accepted(String eventType, String deliveryId) {
    return new Accepted(eventType, deliveryId, deliveryId);
  }

  static Verification accepted(String eventType, String deliveryId, String dedupKey) {
    return new Accepted(eventType, deliveryId, dedupKey);
  }

  static Rejected missingSignature() {
    return new Rejected(401, "signature missing");
  }

  static Rejected mismatch() {
    return new Rejected(401, "signature does not match");
  }

  static Rejected stale() {
    return new Rejected(401, "timestamp outside the tolerated window");
  }

  static Rejected malformed(String what) {
    return new Rejected(400, what + " is malformed");
  }

  static Rejected unsupportedContentType() {
    return new Rejected(415, "content type not sent by this provider");
  }

  /** A genuine delivery (its signature verified) whose body is not the JSON its provider always sends. */
  static Rejected notJson() {
    return new Rejected(400, "body is not valid JSON");
  }

  static Rejected missing(String what) {
    return new Rejected(400, what + " is missing");
  }
}
