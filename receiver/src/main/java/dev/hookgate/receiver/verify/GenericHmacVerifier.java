package dev.hookgate.receiver.verify;

import dev.hookgate.routing.GenericHmac;
import dev.hookgate.routing.Route;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A provider described by the route's {@code generic} block, in one of three modes:
 * <ul>
 *   <li>HMAC over the raw body: the signature header carries {@code prefix + encode(HMAC(secret, raw body))};
 *   <li>HMAC with a signed timestamp ({@code timestampHeader} set): the signed content is the
 *       {@code signedContent} template (default {@code {timestamp}.{body}}) with the header's value and the raw
 *       body bytes filled in, and the timestamp (Unix seconds) must be within the tolerance (default 300 s)
 *       either way;
 *   <li>static token ({@code tokenHeader} set): the header carries a secret itself, compared in constant time.
 * </ul>
 * Event type and delivery id come from the optional headers the block names; the delivery id is the dedup key.
 */
public final class GenericHmacVerifier implements SignatureVerifier {

  static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  private static final String TIMESTAMP = "{timestamp}";
  private static final String BODY = "{body}";

  @Override
  public void checkRoute(Route route) {
    GenericHmac settings = route.generic();
    if (settings == null) {
      throw new IllegalArgumentException("a generic route needs its 'generic' signature settings");
    }
    if (!settings.tokenMode() && settings.timestampHeader() == null && settings.signedContent() != null
        && settings.signedContent().contains(TIMESTAMP)) {
      throw new IllegalArgumentException("generic signedContent uses {timestamp} but no timestampHeader is set");
    }
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    GenericHmac settings = route.generic();
    try {
      if (settings.tokenMode()) {
        StaticTokens.requireMatch(secrets, SignatureHeaders.require(delivery, settings.tokenHeader()));
      } else {
        checkSignature(delivery, secrets, route, now);
      }
    } catch (DeliveryRefused refused) {
      return refused.rejection();
    }
    return Verification.accepted(optionalHeader(delivery, settings.eventTypeHeader()),
        optionalHeader(delivery, settings.deliveryIdHeader()));
  }

  private static void checkSignature(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now)
      throws DeliveryRefused {
    GenericHmac settings = route.generic();
    String header = SignatureHeaders.require(delivery, settings.signatureHeader());
    String encoded = SignatureHeaders.afterPrefix(header, settings.prefix(), settings.signatureHeader());
    byte[] presented = switch (settings.encoding()) {
      case HEX -> SignatureHeaders.hex(encoded, settings.signatureHeader());
      case BASE64 -> SignatureHeaders.base64(encoded, settings.signatureHeader());
    };
    byte[] signedContent = delivery.body();
    if (settings.timestampHeader() != null) {
      String timestamp = SignatureHeaders.require(delivery, settings.timestampHeader());
      Tolerance.of(route, DEFAULT_TOLERANCE)
          .requireFresh(Tolerance.epochSeconds(timestamp, settings.timestampHeader()), now);
      String template =
          settings.signedContent() == null ? GenericHmac.DEFAULT_SIGNED_CONTENT : settings.signedContent();
      signedContent = fill(template, timestamp, delivery.body());
    }
    Hmac.requireMatch(settings.algorithm().jcaName(), secrets, presented, signedContent);
  }

  /** The template with {@code {timestamp}} replaced by its text and each {@code {body}} by the raw body bytes. */
  static byte[] fill(String template, String timestamp, byte[] body) {
    ByteArrayOutputStream content = new ByteArrayOutputStream(body.length + template.length() + timestamp.length());
    int from = 0;
    for (int at = template.indexOf(BODY); at >= 0; at = template.indexOf(BODY, from)) {
      content.writeBytes(template.substring(from, at).replace(TIMESTAMP, timestamp).getBytes(StandardCharsets.UTF_8));
      content.writeBytes(body);
      from = at + BODY.length();
    }
    content.writeBytes(template.substring(from).replace(TIMESTAMP, timestamp).getBytes(StandardCharsets.UTF_8));
    return content.toByteArray();
  }

  private static String optionalHeader(InboundDelivery delivery, String name) {
    return name == null || name.isEmpty() ? null : delivery.header(name);
  }
}
