package dev.hookgate.receiver.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.routing.Route;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Zoom: {@code x-zm-signature: v0=<hex HMAC-SHA256(secret token, "v0:{x-zm-request-timestamp}:{raw body}")>},
 * Slack's scheme; timestamps more than the tolerance (default 300 s) off either way are refused.
 *
 * <p>Zoom signs its {@code endpoint.url_validation} handshake too, so it is verified first and only then
 * answered {@code {"plainToken": ..., "encryptedToken": hex HMAC-SHA256(secret token, plainToken)}}, keyed with
 * the first currently valid secret that verified the handshake's signature: during a rotation that is the token
 * Zoom is using, whichever order the secrets are listed in.
 *
 * <p>The type is the body's {@code event}. Zoom sends no delivery id, so the dedup key is
 * {@code event:event_ts:<sha-256 of the raw body>}: a retry repeats the same bytes, while two different events
 * of one type in the same millisecond (two meetings starting at once) stay apart.
 */
public final class ZoomVerifier implements SignatureVerifier {

  static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  private static final TimestampedV0Signature SIGNATURE =
      new TimestampedV0Signature("x-zm-signature", "x-zm-request-timestamp");

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json");
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    try {
      byte[] key = SIGNATURE.check(delivery, secrets, Tolerance.of(route, DEFAULT_TOLERANCE), now);
      JsonNode body = BodyJson.parse(delivery.body());
      String event = BodyJson.text(body, "event");
      if ("endpoint.url_validation".equals(event)) {
        return validationAnswer(body, key);
      }
      String eventTs = BodyJson.text(body, "event_ts");
      String dedupKey = event == null || eventTs == null ? null : event + ":" + eventTs + ":" + sha256(delivery.body());
      return Verification.accepted(event, null, dedupKey);
    } catch (DeliveryRefused refused) {
      return refused.rejection();
    }
  }

  private static Verification validationAnswer(JsonNode body, byte[] key) throws DeliveryRefused {
    String plainToken = BodyJson.text(body.path("payload"), "plainToken");
    if (plainToken == null) {
      throw new DeliveryRefused(Verification.missing("payload.plainToken"));
    }
    Map<String, String> answer = new LinkedHashMap<>();
    answer.put("plainToken", plainToken);
    answer.put("encryptedToken", HexFormat.of().formatHex(
        Hmac.compute("HmacSHA256", key, plainToken.getBytes(StandardCharsets.UTF_8))));
    return Verification.Handshake.json(BodyJson.write(answer));
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
