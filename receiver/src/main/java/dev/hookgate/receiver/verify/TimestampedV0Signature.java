package dev.hookgate.receiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Slack's {@code v0} scheme, which Zoom copied under other header names: the signature header carries
 * {@code v0=<hex HMAC-SHA256(secret, "v0:{timestamp}:{raw body}")>} and the timestamp header the Unix seconds
 * signed.
 */
record TimestampedV0Signature(String signatureHeader, String timestampHeader) {

  private static final String PREFIX = "v0=";

  /**
   * Refuses an unsigned (401), malformed (400), stale or future (401) or forged (401) delivery.
   *
   * @return the first of {@code secrets} that produced the signature
   */
  byte[] check(InboundDelivery delivery, List<byte[]> secrets, Tolerance tolerance, Instant now)
      throws DeliveryRefused {
    String signature = SignatureHeaders.require(delivery, signatureHeader);
    String timestamp = SignatureHeaders.require(delivery, timestampHeader);
    byte[] presented =
        SignatureHeaders.hex(SignatureHeaders.afterPrefix(signature, PREFIX, signatureHeader), signatureHeader);
    tolerance.requireFresh(Tolerance.epochSeconds(timestamp, timestampHeader), now);
    return Hmac.requireAnyMatch("HmacSHA256", secrets, List.of(presented),
        ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8), delivery.body());
  }
}
