package dev.hookgate.receiver.verify;

import dev.hookgate.routing.Route;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Shopify: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(app client secret, raw body)>}, or the same under
 * the newer unprefixed names ({@code shopify-hmac-sha256}, {@code shopify-topic}, {@code shopify-webhook-id}).
 * No signed timestamp: replays are caught by deduplication on the webhook id, which is per delivery (the event
 * id is shared by every subscription to the event). After a client-secret rotation Shopify may sign with the old
 * secret for up to an hour: keep it as a previous secret that long.
 */
public final class ShopifyVerifier implements SignatureVerifier {

  private static final String[] SIGNATURE = {"X-Shopify-Hmac-Sha256", "shopify-hmac-sha256"};

  @Override
  public Set<String> contentTypes() {
    // Legacy REST subscriptions may ask for XML; the signature is over the raw bytes either way.
    return Set.of("application/json", "application/xml");
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    try {
      String header = SignatureHeaders.require(delivery, SIGNATURE);
      Hmac.requireMatch("HmacSHA256", secrets, SignatureHeaders.base64(header, SIGNATURE[0]), delivery.body());
    } catch (DeliveryRefused refused) {
      return refused.rejection();
    }
    String webhookId = delivery.firstHeader("X-Shopify-Webhook-Id", "shopify-webhook-id");
    return Verification.accepted(delivery.firstHeader("X-Shopify-Topic", "shopify-topic"), webhookId, webhookId);
  }
}
