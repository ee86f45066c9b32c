package dev.hookgate.receiver.verify;

import dev.hookgate.routing.Route;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>}; no signed timestamp, so replays are
 * caught by deduplication on hook id + delivery GUID. {@code ping} is accepted like any other event.
 */
public final class GitHubVerifier implements SignatureVerifier {

  static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
  private static final String PREFIX = "sha256=";

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json", "application/x-www-form-urlencoded");
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
    String deliveryId = delivery.header("X-GitHub-Delivery");
    String hookId = delivery.header("X-GitHub-Hook-ID");
    // The delivery GUID is shared by every hook subscribed to the event; with the hook id it names one delivery.
    String dedupKey = deliveryId == null ? null : hookId == null ? deliveryId : hookId + ":" + deliveryId;
    return Verification.accepted(delivery.header("X-GitHub-Event"), deliveryId, dedupKey);
  }
}
