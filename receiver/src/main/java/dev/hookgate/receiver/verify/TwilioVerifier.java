package dev.hookgate.receiver.verify;

import dev.hookgate.routing.Route;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Twilio: {@code X-Twilio-Signature: <base64 HMAC-SHA1(auth token, url + params)>}, where {@code url} is the URL
 * Twilio called (the route's public URL plus the request's query string, as sent) and {@code params} every POST
 * form parameter in name order (a repeated name's values sorted), each written {@code name + value}. A JSON body
 * is not signed itself: the URL carries {@code bodySHA256=<hex SHA-256 of the body>}, which must match, and the
 * URL alone is signed. Like Twilio's libraries, the URL is tried both with and without the scheme's default port.
 *
 * <p>A callback Twilio makes with GET ({@code StatusCallbackMethod=GET}) carries its parameters in the query: the
 * URL alone is signed, and the type is read from the query.
 *
 * <p>The type is the form's {@code CallStatus}, {@code SmsStatus} or {@code MessageStatus} when present; the
 * delivery id and dedup key are {@code I-Twilio-Idempotency-Token}, the same across Twilio's retries.
 */
public final class TwilioVerifier implements SignatureVerifier {

  static final String SIGNATURE_HEADER = "X-Twilio-Signature";
  private static final String BODY_HASH_PARAM = "bodySHA256";

  @Override
  public boolean acceptsGet() {
    return true;
  }

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/x-www-form-urlencoded", "application/json");
  }

  @Override
  public void checkRoute(Route route) {
    URI url = route.publicUrl();
    if (url == null) {
      throw new IllegalArgumentException("a twilio route needs its publicUrl: Twilio signs the URL it calls");
    }
    if (!url.isAbsolute() || url.getHost() == null
        || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
      throw new IllegalArgumentException("the publicUrl of a twilio route must be an absolute http(s) URL");
    }
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    Map<String, List<String>> form = Map.of();
    Map<String, List<String>> typeParameters; // the form; a GET's query, which is not signed as parameters
    try {
      byte[] presented = SignatureHeaders.base64(SignatureHeaders.require(delivery, SIGNATURE_HEADER),
          SIGNATURE_HEADER);
      String bodyHash = queryParameter(delivery.rawQuery(), BODY_HASH_PARAM);
      boolean bodyMatches = true;
      if (bodyHash != null) {
        bodyMatches = MessageDigest.isEqual(SignatureHeaders.hex(bodyHash, BODY_HASH_PARAM), sha256(delivery.body()));
      } else {
        form = FormBody.parse(delivery.body());
      }
      byte[] params = signedParameters(form);
      boolean signatureMatches = false;
      for (String url : calledUrls(route.publicUrl(), delivery.rawQuery())) {
        signatureMatches |= Hmac.anyKeyMatches("HmacSHA1", secrets, presented,
            url.getBytes(StandardCharsets.UTF_8), params);
      }
      if (!(signatureMatches && bodyMatches)) {
        throw new DeliveryRefused(Verification.mismatch());
      }
      typeParameters = delivery.isGet() && delivery.rawQuery() != null
          ? FormBody.parse(delivery.rawQuery().getBytes(StandardCharsets.US_ASCII)) : form;
    } catch (DeliveryRefused refused) {
      return refused.rejection();
    }
    String idempotencyToken = delivery.header("I-Twilio-Idempotency-Token");
    return Verification.accepted(FormBody.first(typeParameters, "CallStatus", "SmsStatus", "MessageStatus"),
        idempotencyToken, idempotencyToken);
  }

  /** The URL as configured, and as the other spelling of its default port (added when absent, else removed). */
  static List<String> calledUrls(URI publicUrl, String rawQuery) {
    int defaultPort = "https".equals(publicUrl.getScheme()) ? 443 : 80;
    String prefix = publicUrl.getScheme() + "://" + (publicUrl.getRawUserInfo() == null
        ? "" : publicUrl.getRawUserInfo() + "@") + publicUrl.getHost();
    String rest = (publicUrl.getRawPath() == null ? "" : publicUrl.getRawPath())
        + (rawQuery == null ? "" : "?" + rawQuery);
    List<String> urls = new ArrayList<>();
    if (publicUrl.getPort() == -1) {
      urls.add(prefix + rest);
      urls.add(prefix + ":" + defaultPort + rest);
    } else if (publicUrl.getPort() == defaultPort) {
      urls.add(prefix + ":" + defaultPort + rest);
      urls.add(prefix + rest);
    } else {
      urls.add(prefix + ":" + publicUrl.getPort() + rest);
    }
    return urls;
  }

  private static byte[] signedParameters(Map<String, List<String>> form) {
    ByteArrayOutputStream signed = new ByteArrayOutputStream();
    new TreeMap<>(form).forEach((name, values) -> values.stream().sorted().forEach(value -> {
      signed.writeBytes(name.getBytes(StandardCharsets.UTF_8));
      signed.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }));
    return signed.toByteArray();
  }

  private static String queryParameter(String rawQuery, String name) throws DeliveryRefused {
    if (rawQuery == null) {
      return null;
    }
    try {
      for (String pair : rawQuery.split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0 && URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8).equals(name)) {
          return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new DeliveryRefused(Verification.malformed("query string"));
    }
    return null;
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
