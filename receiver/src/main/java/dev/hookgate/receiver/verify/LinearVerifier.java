package dev.hookgate.receiver.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.routing.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Linear: {@code linear-signature: <hex HMAC-SHA256(secret, raw body)>}. The signing time is inside the signed
 * body, {@code webhookTimestamp} in Unix milliseconds, refused more than the tolerance (default 60 s) either way,
 * and a body without it is refused (400). The type is {@code type.action} (e.g. {@code Issue.create}); the
 * delivery id and dedup key are the {@code Linear-Delivery} header.
 */
public final class LinearVerifier implements SignatureVerifier {

  static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(60);
  static final String SIGNATURE_HEADER = "linear-signature";

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json");
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    try {
      String header = SignatureHeaders.require(delivery, SIGNATURE_HEADER);
      Hmac.requireMatch("HmacSHA256", secrets, SignatureHeaders.hex(header, SIGNATURE_HEADER), delivery.body());
      JsonNode body = BodyJson.parse(delivery.body());
      JsonNode timestamp = body.path("webhookTimestamp");
      if (timestamp.isMissingNode() || timestamp.isNull()) {
        throw new DeliveryRefused(Verification.missing("webhookTimestamp"));
      }
      if (!timestamp.isIntegralNumber()) {
        throw new DeliveryRefused(Verification.malformed("webhookTimestamp"));
      }
      Tolerance.of(route, DEFAULT_TOLERANCE).requireFresh(
          Tolerance.epochMillis(timestamp.asText(), "webhookTimestamp"), now);
      String type = BodyJson.text(body, "type");
      String action = BodyJson.text(body, "action");
      String deliveryId = delivery.header("Linear-Delivery");
      return Verification.accepted(type != null && action != null ? type + "." + action : type, deliveryId,
          deliveryId);
    } catch (DeliveryRefused refused) {
      return refused.rejection();
    }
  }
}
