package dev.hookgate.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * Signature settings of a {@link ProviderType#GENERIC} route: the header carries
 * {@code prefix + encode(HMAC-algorithm(secret, raw body))}.
 *
 * @param signatureHeader the request header that carries the signature, e.g. {@code X-Signature}
 * @param algorithm the HMAC hash
 * @param encoding how the digest is written
 * @param prefix text before the encoded digest, e.g. {@code sha256=}; empty for none
 * @param eventTypeHeader optional header naming the event type
 * @param deliveryIdHeader optional header carrying the sender's delivery id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenericHmac(
    String signatureHeader,
    Algorithm algorithm,
    Encoding encoding,
    String prefix,
    String eventTypeHeader,
    String deliveryIdHeader) {

  public GenericHmac {
    Objects.requireNonNull(signatureHeader, "signatureHeader");
    algorithm = algorithm == null ? Algorithm.SHA256 : algorithm;
    encoding = encoding == null ? Encoding.HEX : encoding;
    prefix = prefix == null ? "" : prefix;
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
