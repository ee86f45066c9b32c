package dev.hookgate.receiver.verify;

import dev.hookgate.routing.Route;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Bitbucket Cloud: GitHub's computation under GitHub's legacy header name,
 * {@code X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}. Type from {@code X-Event-Key}; the
 * delivery id and dedup key are {@code X-Request-UUID} when sent.
 */
public final class BitbucketVerifier implements SignatureVerifier {

  static final String SIGNATURE_HEADER = "X-Hub-Signature";
  private static final String PREFIX = "sha256=";

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json");
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    try {
      String header = SignatureHeaders.require(delivery, SIGNATURE_HEADER);
      byte[] presented = SignatureHeaders.hex(SignatureHeaders.afterPrefix(header, PREFIX, SIGNATURE_HEADER),
          SIGNATURE_HEADER);
      Hmac.requireMatch("HmacSHA256", secrets, presented, delivery.body());
    } catch (DeliveryRefused refused) {
      return refused.rejection();
    }
    String requestId = delivery.header("X-Request-UUID");
    return Verification.accepted(delivery.header("X-Event-Key"), requestId, requestId);
  }
}
