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

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json");
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    try {
      GitHubVerifier.requireHubSignature(delivery, SIGNATURE_HEADER, secrets);
    } catch (DeliveryRefused refused) {
      return refused.rejection();
    }
    String requestId = delivery.header("X-Request-UUID");
    return Verification.accepted(delivery.header("X-Event-Key"), requestId, requestId);
  }
}
