package dev.hookgate.receiver.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.routing.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Slack: {@code X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:{ts}:{raw body}")>} with
 * {@code X-Slack-Request-Timestamp: <ts>}, refused more than the tolerance (default 300 s) either way.
 * <ul>
 *   <li>Events API (JSON): a verified {@code url_verification} is answered with its challenge and never
 *       forwarded; otherwise the type is the inner {@code event.type} of an {@code event_callback} (else the
 *       outer {@code type}) and the dedup key is {@code event_id}, stable across Slack's retries.
 *   <li>Slash commands and interactivity (form-encoded): the type is the {@code command} (e.g. {@code /deploy})
 *       or the {@code type} of the JSON {@code payload} (e.g. {@code block_actions}); no dedup key (Slack does
 *       not retry these).
 * </ul>
 */
public final class SlackVerifier implements SignatureVerifier {

  static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  private static final TimestampedV0Signature SIGNATURE =
      new TimestampedV0Signature("X-Slack-Signature", "X-Slack-Request-Timestamp");
  private static final String FORM = "application/x-www-form-urlencoded";

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json", FORM);
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    try {
      SIGNATURE.check(delivery, secrets, Tolerance.of(route, DEFAULT_TOLERANCE), now);
      return FORM.equals(delivery.mediaType()) ? formDelivery(delivery) : eventsApiDelivery(delivery);
    } catch (DeliveryRefused refused) {
      return refused.rejection();
    }
  }

  private static Verification eventsApiDelivery(InboundDelivery delivery) throws DeliveryRefused {
    JsonNode body = BodyJson.parse(delivery.body());
    String type = BodyJson.text(body, "type");
    if ("url_verification".equals(type)) {
      String challenge = BodyJson.text(body, "challenge");
      if (challenge == null) {
        throw new DeliveryRefused(Verification.missing("url_verification challenge"));
      }
      return Verification.Handshake.json(BodyJson.write(Map.of("challenge", challenge)));
    }
    String eventType = "event_callback".equals(type) ? BodyJson.text(body.path("event"), "type") : null;
    String eventId = BodyJson.text(body, "event_id");
    return Verification.accepted(eventType != null ? eventType : type, eventId, eventId);
  }

  private static Verification formDelivery(InboundDelivery delivery) throws DeliveryRefused {
    Map<String, List<String>> form = FormBody.parse(delivery.body());
    String type = FormBody.first(form, "command");
    String payload = FormBody.first(form, "payload");
    if (type == null && payload != null) {
      type = BodyJson.text(BodyJson.parse(payload), "type");
    }
    return Verification.accepted(type, null, null);
  }
}
