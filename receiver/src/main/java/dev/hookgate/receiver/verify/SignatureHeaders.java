package dev.hookgate.receiver.verify;

import java.util.Base64;
import java.util.HexFormat;

/**
 * Reading a signature out of a header: present (else 401), with its prefix (else 400), decodable (else 400).
 * Rejection reasons name the header, never its value.
 */
final class SignatureHeaders {

  private SignatureHeaders() {}

  /** The first present header of {@code names} (aliases of one header). */
  static String require(InboundDelivery delivery, String... names) throws DeliveryRefused {
    String value = delivery.firstHeader(names);
    if (value == null) {
      throw new DeliveryRefused(Verification.missingSignature());
    }
    return value;
  }

  static String afterPrefix(String value, String prefix, String what) throws DeliveryRefused {
    if (!value.startsWith(prefix)) {
      throw new DeliveryRefused(Verification.malformed(what));
    }
    return value.substring(prefix.length());
  }

  /** Hex digits, either case, even count. */
  static byte[] hex(String text, String what) throws DeliveryRefused {
    try {
      return HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new DeliveryRefused(Verification.malformed(what));
    }
  }

  /** Standard (not URL-safe) base64; padding optional. */
  static byte[] base64(String text, String what) throws DeliveryRefused {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new DeliveryRefused(Verification.malformed(what));
    }
  }
}
