package dev.hookgate.receiver.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A verified delivery about to be stored.
 *
 * @param routeSlug the route it came in on; the dispatcher looks up the route's current target by it
 * @param endpoint the WebhookEndpoint, {@code namespace/name}
 * @param provider the provider's wire name ({@code github}, ...)
 * @param eventType the provider's event type; null when the provider does not say
 * @param providerDeliveryId the provider's id of this delivery; null when it has none
 * @param dedupKey what makes a retry of this delivery recognisable; null when the provider gives nothing to
 *     deduplicate on (then every request is stored)
 * @param receivedAt when the receiver got it
 * @param headers the provider's headers that go on to the target (hop-by-hop ones already removed)
 * @param body the body bytes exactly as received
 */
public record NewDelivery(
    String routeSlug,
    String endpoint,
    String provider,
    String eventType,
    String providerDeliveryId,
    String dedupKey,
    Instant receivedAt,
    Map<String, List<String>> headers,
    byte[] body) {

  public NewDelivery {
    Objects.requireNonNull(routeSlug, "routeSlug");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(receivedAt, "receivedAt");
    headers = headers == null ? Map.of() : headers;
    body = body == null ? new byte[0] : body;
  }
}
