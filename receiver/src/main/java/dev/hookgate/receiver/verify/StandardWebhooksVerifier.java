package dev.hookgate.receiver.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.routing.Route;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Standard Webhooks (and Svix, which uses {@code svix-*} header names): {@code webhook-signature} is a
 * space-separated list of {@code v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{raw body}")>}, where the key is
 * the base64-decoded secret without its {@code whsec_} prefix. Timestamps more than 5 minutes off are refused.
 */
public final class StandardWebhooksVerifier implements SignatureVerifier {

  static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final String SECRET_PREFIX = "whsec_";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json");
  }

  @Override
  public byte[] key(String secret) {
    String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    try {
      return Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a Standard Webhooks secret must be base64 after its whsec_ prefix");
    }
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    String id = delivery.firstHeader("webhook-id", "svix-id");
    String timestamp = delivery.firstHeader("webhook-timestamp", "svix-timestamp");
    String signatures = delivery.firstHeader("webhook-signature", "svix-signature");
    if (id == null || timestamp == null || signatures == null) {
      return Verification.missingSignature();
    }
    Instant sentAt;
    try {
      sentAt = Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
    } catch (NumberFormatException | DateTimeException e) {
      return Verification.malformed("webhook-timestamp");
    }
    if (Duration.between(sentAt, now).abs().compareTo(TOLERANCE) > 0) {
      return Verification.stale();
    }
    List<byte[]> presented;
    try {
      presented = v1Signatures(signatures);
    } catch (IllegalArgumentException e) {
      return Verification.malformed("webhook-signature");
    }
    if (presented.isEmpty()) {
      return Verification.missingSignature();
    }
    byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    boolean matched = false;
    for (byte[] signature : presented) {
      matched |= Hmac.anyKeyMatches("HmacSHA256", secrets, signature, prefix, delivery.body());
    }
    return matched ? Verification.accepted(eventType(delivery.body()), id) : Verification.mismatch();
  }

  /** The {@code v1} signatures of the header; other versions (e.g. {@code v1a}, ed25519) are skipped. */
  private static List<byte[]> v1Signatures(String header) {
    List<byte[]> result = new ArrayList<>();
    for (String entry : header.trim().split(" +")) {
      int comma = entry.indexOf(',');
      if (comma < 0) {
        throw new IllegalArgumentException("no version");
      }
      if (entry.substring(0, comma).equals("v1")) {
        result.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
      }
    }
    return result;
  }

  /** The body's top-level {@code type}; null when the body is not a JSON object or has none. */
  private static String eventType(byte[] body) {
    try {
      JsonNode type = JSON.readTree(body).path("type");
      return type.isTextual() ? type.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
