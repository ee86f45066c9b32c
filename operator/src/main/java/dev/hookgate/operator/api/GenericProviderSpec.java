package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A sender that either signs: {@code prefix + encoding(HMAC-algorithm(secret, signed content))} in a header, the
 * signed content being the raw body or, with a timestamp header, {@link #signedContent}; or sends a static token
 * (the secret itself) in a header.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = GenericProviderSpec.RULE_ONE_MODE, message = GenericProviderSpec.MESSAGE_ONE_MODE)
@ValidationRule(
    value = "!has(self.signedContent) || has(self.timestampHeader)",
    message = "spec.provider.generic.signedContent needs timestampHeader: without a timestamp the raw body is"
        + " signed")
@ValidationRule(
    value = "!has(self.toleranceSeconds) || has(self.timestampHeader)",
    message = "spec.provider.generic.toleranceSeconds needs timestampHeader: it bounds the signed timestamp's age")
@ValidationRule(
    value = "!has(self.tokenHeader) || !has(self.timestampHeader)",
    message = "spec.provider.generic.timestampHeader cannot be used with tokenHeader: a static token signs"
        + " nothing")
@ValidationRule(
    value = "!has(self.signedContent) || (self.signedContent.contains('{body}')"
        + " && self.signedContent.contains('{timestamp}'))",
    message = GenericProviderSpec.MESSAGE_SIGNED_CONTENT)
public class GenericProviderSpec {

  /** An HTTP header name (RFC 9110 token). */
  public static final String HEADER_NAME = "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$";
  static final String RULE_ONE_MODE = "has(self.signatureHeader) != has(self.tokenHeader)";
  public static final String MESSAGE_ONE_MODE =
      "spec.provider.generic needs exactly one of signatureHeader (an HMAC signature) or tokenHeader (a static"
          + " token)";
  public static final String MESSAGE_SIGNED_CONTENT =
      "spec.provider.generic.signedContent must contain {timestamp} and {body}";

  @Pattern(HEADER_NAME)
  @JsonPropertyDescription(
      "The request header that carries the signature, e.g. X-Signature. Exactly one of signatureHeader and"
          + " tokenHeader is set.")
  private String signatureHeader;

  @Pattern(HEADER_NAME)
  @JsonPropertyDescription(
      "The request header that carries a static token (the signing secret itself, compared in constant time)"
          + " instead of a signature, e.g. X-Gitlab-Token. Exactly one of signatureHeader and tokenHeader is set.")
  private String tokenHeader;

  @Pattern(HEADER_NAME)
  @JsonPropertyDescription(
      "Optional header with the signing time in Unix seconds, e.g. X-Timestamp. When set, the timestamp is part"
          + " of the signed content (see signedContent) and deliveries older or newer than toleranceSeconds are"
          + " refused.")
  private String timestampHeader;

  @Size(max = 256)
  @JsonPropertyDescription(
      "With timestampHeader: the signed content, where {timestamp} is the timestamp header's value and {body}"
          + " the raw body; both must appear. Absent: '{timestamp}.{body}'.")
  private String signedContent;

  @Min(1)
  @Max(TimestampedProviderBlock.MAX_TOLERANCE_SECONDS)
  @JsonPropertyDescription(
      "With timestampHeader: how many seconds the signed timestamp may be from the receiver's clock (1 to 3600)."
          + " Absent: 300.")
  private Integer toleranceSeconds;

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

  public String getTokenHeader() {
    return tokenHeader;
  }

  public void setTokenHeader(String tokenHeader) {
    this.tokenHeader = tokenHeader;
  }

  public String getTimestampHeader() {
    return timestampHeader;
  }

  public void setTimestampHeader(String timestampHeader) {
    this.timestampHeader = timestampHeader;
  }

  public String getSignedContent() {
    return signedContent;
  }

  public void setSignedContent(String signedContent) {
    this.signedContent = signedContent;
  }

  public Integer getToleranceSeconds() {
    return toleranceSeconds;
  }

  public void setToleranceSeconds(Integer toleranceSeconds) {
    this.toleranceSeconds = toleranceSeconds;
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
