package dev.hookgate.receiver.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs test deliveries the way providers do, independently of the code under test. */
public final class Signatures {

  private Signatures() {}

  public static byte[] hmac(String algorithm, byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(message);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String gitHub(String secret, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", utf8(secret), body));
  }
  /** A GitHub {@code push}'s headers for {@code body}: delivery id {@code deliveryId}, signed with {@code secret}. */
  public static Map<String, String> gitHubPush(String secret, String deliveryId, byte[] body) {
    return Map.of(
        "Content-Type", "application/json",
        "X-GitHub-Event", "push",
        "X-GitHub-Delivery", deliveryId,
        "X-Hub-Signature-256", gitHub(secret, body));
  }

  /** {@code v1,<base64>} for a {@code whsec_} secret. */
  public static String standardWebhooks(String secret, String id, long timestamp, byte[] body) {
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    byte[] content = concat(utf8(id + "." + timestamp + "."), body);
    return "v1," + Base64.getEncoder().encodeToString(hmac("HmacSHA256", key, content));
  }

  /** {@code Stripe-Signature}: {@code t=<ts>,v1=<hex HMAC-SHA256(whole secret, "{t}.{body}")>}. */
  public static String stripe(String secret, long timestamp, byte[] body) {
    return "t=" + timestamp + ",v1=" + hex("HmacSHA256", utf8(secret), concat(utf8(timestamp + "."), body));
  }

  /** Slack's {@code X-Slack-Signature} and Zoom's {@code x-zm-signature}: {@code v0=<hex>} over {@code v0:ts:body}. */
  public static String v0(String secret, long timestamp, byte[] body) {
    return "v0=" + hex("HmacSHA256", utf8(secret), concat(utf8("v0:" + timestamp + ":"), body));
  }

  /** Shopify's {@code X-Shopify-Hmac-Sha256}. */
  public static String shopify(String secret, byte[] body) {
    return Base64.getEncoder().encodeToString(hmac("HmacSHA256", utf8(secret), body));
  }

  /** Linear's {@code linear-signature}: bare hex. */
  public static String linear(String secret, byte[] body) {
    return hex("HmacSHA256", utf8(secret), body);
  }

  /** {@code X-Twilio-Signature} over {@code url} and the POST params (names sorted, a name's values sorted). */
  public static String twilio(String authToken, String url, Map<String, List<String>> params) {
    StringBuilder signed = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, values) ->
        values.stream().sorted().forEach(value -> signed.append(name).append(value)));
    return Base64.getEncoder().encodeToString(hmac("HmacSHA1", utf8(authToken), utf8(signed.toString())));
  }

  public static String hex(String algorithm, byte[] key, byte[] message) {
    return HexFormat.of().formatHex(hmac(algorithm, key, message));
  }

  public static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] result = new byte[a.length + b.length];
    System.arraycopy(a, 0, result, 0, a.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }
}
