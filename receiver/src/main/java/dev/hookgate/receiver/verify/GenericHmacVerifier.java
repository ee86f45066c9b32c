package dev.hookgate.receiver.verify;

import dev.hookgate.routing.GenericHmac;
import dev.hookgate.routing.Route;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** A header carrying {@code prefix + encode(HMAC(secret, raw body))}, as set in the route's {@code generic} block. */
public final class GenericHmacVerifier implements SignatureVerifier {

  @Override
  public void checkRoute(Route route) {
    if (route.generic() == null) {
      throw new IllegalArgumentException("a generic route needs its 'generic' signature settings");
    }
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    GenericHmac settings = route.generic();
    String header = delivery.header(settings.signatureHeader());
    if (header == null) {
      return Verification.missingSignature();
    }
    if (!header.startsWith(settings.prefix())) {
      return Verification.malformed(settings.signatureHeader());
    }
    byte[] presented;
    try {
      presented = decode(settings.encoding(), header.substring(settings.prefix().length()));
    } catch (IllegalArgumentException e) {
      return Verification.malformed(settings.signatureHeader());
    }
    if (!Hmac.anyKeyMatches(settings.algorithm().jcaName(), secrets, presented, delivery.body())) {
      return Verification.mismatch();
    }
    return Verification.accepted(optionalHeader(delivery, settings.eventTypeHeader()),
        optionalHeader(delivery, settings.deliveryIdHeader()));
  }

  private static byte[] decode(GenericHmac.Encoding encoding, String text) {
    return switch (encoding) {
      case HEX -> HexFormat.of().parseHex(text);
      case BASE64 -> Base64.getDecoder().decode(text);
    };
  }

  private static String optionalHeader(InboundDelivery delivery, String name) {
    return name == null || name.isEmpty() ? null : delivery.header(name);
  }
}
