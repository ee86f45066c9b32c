package dev.hookgate.receiver.verify;

import dev.hookgate.routing.Route;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * GitLab: {@code X-Gitlab-Token} carries a secret token verbatim, compared in constant time against each valid
 * secret. A delivery carrying Standard Webhooks headers ({@code webhook-signature}, GitLab's opt-in signing token)
 * is verified by that scheme instead, with those of the route's secrets that are Standard Webhooks secrets.
 *
 * <p>The type is {@code X-Gitlab-Event} (e.g. {@code Push Hook}); the dedup key is {@code Idempotency-Key}, the
 * same across retries and manual resends (no dedup without it); the delivery id is that key, else the per-request
 * {@code X-Gitlab-Webhook-UUID}.
 */
public final class GitLabVerifier implements SignatureVerifier {

  static final String TOKEN_HEADER = "X-Gitlab-Token";

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json");
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    try {
      if (delivery.header("webhook-signature") != null) {
        List<byte[]> signingKeys = secrets.stream()
            .map(secret -> StandardWebhooksVerifier.keyOrNull(new String(secret, StandardCharsets.UTF_8)))
            .filter(Objects::nonNull)
            .toList();
        StandardWebhooksVerifier.checkSignature(delivery, signingKeys,
            Tolerance.of(route, StandardWebhooksVerifier.DEFAULT_TOLERANCE), now);
      } else {
        StaticTokens.requireMatch(secrets, SignatureHeaders.require(delivery, TOKEN_HEADER));
      }
    } catch (DeliveryRefused refused) {
      return refused.rejection();
    }
    String idempotencyKey = delivery.header("Idempotency-Key");
    String deliveryId = idempotencyKey != null ? idempotencyKey : delivery.header("X-Gitlab-Webhook-UUID");
    return Verification.accepted(delivery.header("X-Gitlab-Event"), deliveryId, idempotencyKey);
  }
}
