package dev.hookgate.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Signature settings of a {@link ProviderType#GENERIC} route. Either an HMAC: the header carries
 * {@code prefix + encode(HMAC-algorithm(secret, signed content))}, where the signed content is the raw body or,
 * with a timestamp header, {@link #signedContent} with {@code {timestamp}} and {@code {body}} filled in; or a
 * static token: {@link #tokenHeader} carries the secret itself (compared in constant time).
 *
 * @param signatureHeader the request header that carries the signature, e.g. {@code X-Signature}; null in
 *     token mode
 * @param algorithm the HMAC hash
 * @param encoding how the digest is written
 * @param prefix text before the encoded digest, e.g. {@code sha256=}; empty for none
 * @param eventTypeHeader optional header naming the event type
 * @param deliveryIdHeader optional header carrying the sender's delivery id
 * @param timestampHeader optional header with the signing time in Unix seconds; when set it is signed and
 *     checked against the route's tolerance
 * @param signedContent template of the signed content when a timestamp is signed, default
 *     {@code {timestamp}.{body}}
 * @param tokenHeader the header carrying a static token instead of a signature; null in HMAC mode
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenericHmac(
    String signatureHeader,
    Algorithm algorithm,
    Encoding encoding,
    String prefix,
    String eventTypeHeader,
    String deliveryIdHeader,
    String timestampHeader,
    String signedContent,
    String tokenHeader) {

  public static final String DEFAULT_SIGNED_CONTENT = "{timestamp}.{body}";

  public GenericHmac {
    if ((signatureHeader == null) == (tokenHeader == null)) {
      throw new IllegalArgumentException("a generic route needs exactly one of signatureHeader and tokenHeader");
    }
    if (signedContent != null && !signedContent.contains("{body}")) {
      throw new IllegalArgumentException("signedContent must contain {body}, got '" + signedContent + "'");
    }
    algorithm = algorithm == null ? Algorithm.SHA256 : algorithm;
    encoding = encoding == null ? Encoding.HEX : encoding;
    prefix = prefix == null ? "" : prefix;
  }

  /** HMAC over the raw body, no timestamp. */
  public GenericHmac(String signatureHeader, Algorithm algorithm, Encoding encoding, String prefix,
      String eventTypeHeader, String deliveryIdHeader) {
    this(signatureHeader, algorithm, encoding, prefix, eventTypeHeader, deliveryIdHeader, null, null, null);
  }

  public boolean tokenMode() {
    return tokenHeader != null;
  }

  public enum Algorithm {
    SHA1("HmacSHA1"),
    SHA256("HmacSHA256"),
    SHA512("HmacSHA512");

    private final String jcaName;

    Algorithm(String jcaName) {
      this.jcaName = jcaName;
    }

    /** The name {@code javax.crypto.Mac.getInstance} takes. */
    public String jcaName() {
      return jcaName;
    }

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Encoding {
    HEX,
    BASE64;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
