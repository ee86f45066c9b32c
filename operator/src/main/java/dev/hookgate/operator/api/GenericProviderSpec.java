package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A sender that puts {@code prefix + encoding(HMAC-algorithm(secret, raw body))} in a header. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GenericProviderSpec {

  /** An HTTP header name (RFC 9110 token). */
  public static final String HEADER_NAME = "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$";

  @Required
  @Pattern(HEADER_NAME)
  @JsonPropertyDescription("The request header that carries the signature, e.g. X-Signature.")
  private String signatureHeader;

  @Default("sha256")
  @JsonPropertyDescription("The HMAC hash: sha1, sha256 or sha512.")
  private Algorithm algorithm = Algorithm.SHA256;

  @Default("hex")
  @JsonPropertyDescription("How the digest is written: hex or base64.")
  private Encoding encoding = Encoding.HEX;

  @Size(max = 64)
  @JsonPropertyDescription("Text before the encoded digest, e.g. 'sha256='. Empty or absent: none.")
  private String prefix;

  @Pattern(HEADER_NAME)
  @JsonPropertyDescription("Optional header naming the event type, used by spec.events.")
  private String eventTypeHeader;

  @Pattern(HEADER_NAME)
  @JsonPropertyDescription("Optional header carrying the sender's delivery id, used to drop duplicates.")
  private String deliveryIdHeader;

  public enum Algorithm {
    @JsonProperty("sha1")
    SHA1,
    @JsonProperty("sha256")
    SHA256,
    @JsonProperty("sha512")
    SHA512
  }

  public enum Encoding {
    @JsonProperty("hex")
    HEX,
    @JsonProperty("base64")
    BASE64
  }

  public String getSignatureHeader() {
    return signatureHeader;
  }

  public void setSignatureHeader(String signatureHeader) {
    this.signatureHeader = signatureHeader;
  }

  public Algorithm getAlgorithm() {
    return algorithm;
  }

  public void setAlgorithm(Algorithm algorithm) {
    this.algorithm = algorithm;
  }

  public Encoding getEncoding() {
    return encoding;
  }

  public void setEncoding(Encoding encoding) {
    this.encoding = encoding;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getEventTypeHeader() {
    return eventTypeHeader;
  }

  public void setEventTypeHeader(String eventTypeHeader) {
    this.eventTypeHeader = eventTypeHeader;
  }

  public String getDeliveryIdHeader() {
    return deliveryIdHeader;
  }

  public void setDeliveryIdHeader(String deliveryIdHeader) {
    this.deliveryIdHeader = deliveryIdHeader;
  }
}
