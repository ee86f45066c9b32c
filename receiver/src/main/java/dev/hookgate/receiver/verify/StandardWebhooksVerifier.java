package dev.hookgate.receiver.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.routing.Route;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Standard Webhooks (and Svix, which uses {@code svix-*} header names): {@code webhook-signature} is a
 * space-separated list of {@code <version>,<base64 signature>} over {@code "{id}.{timestamp}.{raw body}"}; any
 * one matching is enough and unknown versions are skipped.
 * <ul>
 *   <li>{@code v1}: HMAC-SHA256 keyed with the base64-decoded secret after its {@code whsec_} prefix;
 *   <li>{@code v1a}: Ed25519, verified with a {@code whpk_} secret: the base64 raw 32-byte public key.
 * </ul>
 * Timestamps further than the tolerance (default 5 minutes) from now, either way, are refused. The type is the
 * body's {@code type}; the dedup key is {@code webhook-id}.
 */
public final class StandardWebhooksVerifier implements SignatureVerifier {

  static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  private static final String HMAC_PREFIX = "whsec_";
  private static final String PUBLIC_KEY_PREFIX = "whpk_";

  // A key from key() starts with one of these tags, so verify() knows which scheme it is for.
  private static final byte HMAC_KEY = 'h';
  private static final byte ED25519_KEY = 'e';

  // SubjectPublicKeyInfo for an Ed25519 key (RFC 8410) up to the raw 32 key bytes.
  private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json");
  }

  @Override
  public byte[] key(String secret) {
    if (secret.startsWith(PUBLIC_KEY_PREFIX)) {
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(secret.substring(PUBLIC_KEY_PREFIX.length()));
        if (raw.length != 32) {
          throw new IllegalArgumentException("wrong length");
        }
        ed25519(raw);
      } catch (IllegalArgumentException | GeneralSecurityException e) {
        throw new IllegalArgumentException(
            "a Standard Webhooks public key must be a base64 raw 32-byte Ed25519 key after its whpk_ prefix");
      }
      return tagged(ED25519_KEY, raw);
    }
    String encoded = secret.startsWith(HMAC_PREFIX) ? secret.substring(HMAC_PREFIX.length()) : secret;
    byte[] hmacKey;
    try {
      hmacKey = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      hmacKey = new byte[0];
    }
    if (hmacKey.length == 0) {
      throw new IllegalArgumentException("a Standard Webhooks secret must be base64 after its whsec_ prefix");
    }
    return tagged(HMAC_KEY, hmacKey);
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    try {
      String id = checkSignature(delivery, secrets, Tolerance.of(route, DEFAULT_TOLERANCE), now);
      JsonNode body = BodyJson.parse(delivery.body());
      return Verification.accepted(BodyJson.text(body, "type"), id, id);
    } catch (DeliveryRefused refused) {
      return refused.rejection();
    }
  }

  /**
   * The key of {@code secret} as {@link #key} makes it, or null when it is not a Standard Webhooks secret (for
   * providers that accept both their own secrets and Standard Webhooks signing secrets on one route).
   */
  static byte[] keyOrNull(String secret) {
    try {
      return new StandardWebhooksVerifier().key(secret);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Checks the {@code webhook-*} (or {@code svix-*}) headers against {@code keys} made by {@link #key}.
   *
   * @return the {@code webhook-id}
   */
  static String checkSignature(InboundDelivery delivery, List<byte[]> keys, Tolerance tolerance, Instant now)
      throws DeliveryRefused {
    String id = SignatureHeaders.require(delivery, "webhook-id", "svix-id");
    String timestamp = SignatureHeaders.require(delivery, "webhook-timestamp", "svix-timestamp");
    String header = SignatureHeaders.require(delivery, "webhook-signature", "svix-signature");
    tolerance.requireFresh(Tolerance.epochSeconds(timestamp, "webhook-timestamp"), now);

    List<byte[]> v1 = new ArrayList<>();
    List<byte[]> v1a = new ArrayList<>();
    for (String entry : header.trim().split(" +")) {
      int comma = entry.indexOf(',');
      if (comma < 0) {
        throw new DeliveryRefused(Verification.malformed("webhook-signature"));
      }
      switch (entry.substring(0, comma)) {
        case "v1" -> v1.add(SignatureHeaders.base64(entry.substring(comma + 1), "webhook-signature"));
        case "v1a" -> v1a.add(SignatureHeaders.base64(entry.substring(comma + 1), "webhook-signature"));
        default -> { } // a version this receiver does not know: skipped, as the specification says
      }
    }
    if (v1.isEmpty() && v1a.isEmpty()) {
      throw new DeliveryRefused(Verification.missingSignature());
    }

    byte[] signedPrefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    List<byte[]> hmacKeys = new ArrayList<>();
    List<byte[]> publicKeys = new ArrayList<>();
    for (byte[] key : keys) {
      (key[0] == ED25519_KEY ? publicKeys : hmacKeys).add(Arrays.copyOfRange(key, 1, key.length));
    }
    boolean matched = !v1.isEmpty() && Hmac.matchingKey("HmacSHA256", hmacKeys, v1, signedPrefix, delivery.body())
        != null;
    for (byte[] publicKey : publicKeys) {
      for (byte[] signature : v1a) {
        matched |= ed25519Verifies(publicKey, signature, signedPrefix, delivery.body());
      }
    }
    if (!matched) {
      throw new DeliveryRefused(Verification.mismatch());
    }
    return id;
  }

  private static boolean ed25519Verifies(byte[] rawPublicKey, byte[] signature, byte[]... parts) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(ed25519(rawPublicKey));
      for (byte[] part : parts) {
        verifier.update(part);
      }
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // e.g. a signature of the wrong length: not a valid signature
    }
  }

  private static PublicKey ed25519(byte[] raw) throws GeneralSecurityException {
    byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + raw.length);
    System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }

  private static byte[] tagged(byte tag, byte[] material) {
    byte[] key = new byte[material.length + 1];
    key[0] = tag;
    System.arraycopy(material, 0, key, 1, material.length);
    return key;
  }
}
