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

  /**
   * GitHub's computation, {@code sha256=<hex HMAC-SHA256(secret, raw body)>}, read from {@code headerName}
   * (Bitbucket Cloud sends the same under GitHub's legacy header name).
   */
  static void requireHubSignature(InboundDelivery delivery, String headerName, List<byte[]> secrets)
      throws DeliveryRefused {
    String header = SignatureHeaders.require(delivery, headerName);
    byte[] presented = SignatureHeaders.hex(SignatureHeaders.afterPrefix(header, PREFIX, headerName), headerName);
    Hmac.requireMatch("HmacSHA256", secrets, presented, delivery.body());
  }

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json", "application/x-www-form-urlencoded");
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    try {
      requireHubSignature(delivery, SIGNATURE_HEADER, secrets);
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
