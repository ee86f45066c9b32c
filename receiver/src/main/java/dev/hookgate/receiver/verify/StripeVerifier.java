package dev.hookgate.receiver.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.routing.Route;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Stripe: {@code Stripe-Signature: t=<unix s>,v1=<hex>[,v1=<hex>...][,v0=...]}, each {@code v1} a hex
 * HMAC-SHA256 of {@code "{t}.{raw body}"} keyed with the whole endpoint secret, {@code whsec_} prefix included,
 * as UTF-8 (unlike Standard Webhooks, it is not base64-decoded). Other schemes ({@code v0}) are ignored. The
 * type is the body's {@code type}; the delivery id and dedup key are the event {@code id}.
 *
 * <p>Tolerance (default 300 s) applies in both directions. Stripe's libraries only refuse old timestamps; a
 * timestamp minutes in the future is not something Stripe sends with a synchronised clock, and refusing it keeps
 * a leaked signature from being replayable for longer than the tolerance.
 */
public final class StripeVerifier implements SignatureVerifier {

  static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  static final String SIGNATURE_HEADER = "Stripe-Signature";

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json");
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    try {
      String header = SignatureHeaders.require(delivery, SIGNATURE_HEADER);
      String timestamp = null;
      List<byte[]> v1 = new ArrayList<>();
      for (String item : header.split(",")) {
        int equals = item.indexOf('=');
        if (equals < 0) {
          throw new DeliveryRefused(Verification.malformed(SIGNATURE_HEADER));
        }
        String value = item.substring(equals + 1);
        switch (item.substring(0, equals)) {
          case "t" -> timestamp = value;
          case "v1" -> v1.add(SignatureHeaders.hex(value, SIGNATURE_HEADER));
          default -> { } // v0 (test mode) and future schemes
        }
      }
      if (timestamp == null) {
        throw new DeliveryRefused(Verification.malformed(SIGNATURE_HEADER));
      }
      if (v1.isEmpty()) {
        // stripe-java: "No signatures found with expected scheme"
        throw new DeliveryRefused(Verification.missingSignature());
      }
      Tolerance.of(route, DEFAULT_TOLERANCE).requireFresh(Tolerance.epochSeconds(timestamp, SIGNATURE_HEADER), now);
      Hmac.requireAnyMatch("HmacSHA256", secrets, v1,
          (timestamp + ".").getBytes(StandardCharsets.UTF_8), delivery.body());
      JsonNode event = BodyJson.parse(delivery.body());
      String id = BodyJson.text(event, "id");
      return Verification.accepted(BodyJson.text(event, "type"), id, id);
    } catch (DeliveryRefused refused) {
      return refused.rejection();
    }
  }
}
