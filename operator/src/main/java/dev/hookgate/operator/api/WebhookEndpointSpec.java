package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.previousSigningSecretRef) || !has(self.signingSecretRef)"
        + " || self.previousSigningSecretRef.name != self.signingSecretRef.name"
        + " || self.previousSigningSecretRef.key != self.signingSecretRef.key",
    message = WebhookEndpointSpec.MESSAGE_SAME_SECRET)
@ValidationRule(
    value = "!has(self.ingress) || !has(self.gateway)",
    message = WebhookEndpointSpec.MESSAGE_INGRESS_OR_GATEWAY)
public class WebhookEndpointSpec {

  /** The same syntax as {@code dev.hookgate.routing.EventGlob#SYNTAX}; a unit test keeps the two equal. */
  public static final String EVENT_GLOB_PATTERN = "^[A-Za-z0-9_.:/* -]{1,128}$";

  private static final String IPV4_OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

  /**
   * An IPv4 CIDR (exact) or an IPv6 CIDR (the characters and the prefix length; the operator parses the address
   * precisely and reports a mistake as InvalidSpec).
   */
  public static final String CIDR_PATTERN =
      "^(" + IPV4_OCTET + "(\\." + IPV4_OCTET + "){3}/(3[0-2]|[12]?[0-9])"
          + "|[0-9A-Fa-f.]{0,39}:[0-9A-Fa-f:.]{1,44}/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$";

  public static final int MAX_FILTER_LENGTH = 4096;
  public static final int MAX_SOURCE_RANGES = 64;

  static final String MESSAGE_SAME_SECRET =
      "spec.previousSigningSecretRef names the same Secret key as spec.signingSecretRef: store the new secret"
          + " under another Secret or key and point spec.signingSecretRef at it";

  static final String MESSAGE_INGRESS_OR_GATEWAY =
      "spec.ingress and spec.gateway are exclusive: the endpoint is published either through an Ingress or"
          + " through a Gateway";

  @Required
  @JsonPropertyDescription("Who sends the webhooks and how their deliveries are signed.")
  private ProviderSpec provider;

  @JsonPropertyDescription(
      "The Secret (in the endpoint's namespace) and key holding the signing secret exactly as the provider shows"
          + " it, e.g. whsec_... for Standard Webhooks. Absent: the operator generates a strong secret into the"
          + " Secret <endpoint>-signing (key 'secret', owned by the endpoint) for providers that take a secret"
          + " chosen by the receiver (GitHub, GitLab, Bitbucket, Standard Webhooks, generic), or stores there the"
          + " secret a provider issues on registration (Stripe).")
  private SecretKeyRef signingSecretRef;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Event types to forward, as globs ('*' matches any run of characters), e.g. [\"push\", \"pull_request\"] or"
          + " [\"invoice.*\"]. Empty or absent forwards every event type.")
  private List<@Pattern(EVENT_GLOB_PATTERN) String> events = new ArrayList<>();

  @JsonPropertyDescription(PreviousSigningSecretRef.DESCRIPTION)
  private PreviousSigningSecretRef previousSigningSecretRef;

  @Size(max = MAX_FILTER_LENGTH)
  @JsonPropertyDescription(
      "Optional CEL expression that a delivery must satisfy to be forwarded, after verification and spec.events."
          + " Variables: body (the parsed JSON body; null when the body is not JSON), headers (a map of lower-case"
          + " header names to values) and type (the event type, '' when the provider names none). It must"
          + " evaluate to a bool, e.g. 'body.data.object.amount > 1000' or"
          + " 'type == \"push\" && body.ref == \"refs/heads/main\"'. A filter that does not compile makes the"
          + " endpoint Ready=False with reason InvalidFilter and the compiler's message.")
  private String filter;

  @Size(max = MAX_SOURCE_RANGES)
  @JsonPropertyDescription(
      "Optional allowlist of the addresses deliveries may come from, as CIDRs (e.g. 192.30.252.0/22,"
          + " 2001:db8::/32). The receiver refuses deliveries from elsewhere; for the nginx ingress class the"
          + " Ingress enforces it too. Empty or absent: any address.")
  private List<@Pattern(CIDR_PATTERN) String> sourceRanges = new ArrayList<>();

  @Required
  @JsonPropertyDescription("Where verified deliveries are forwarded: a Service in the endpoint's namespace.")
  private TargetSpec target;

  @JsonPropertyDescription("How deliveries are forwarded to the target.")
  private DeliverySpec delivery;

  @JsonPropertyDescription(
      "The public side: the Ingress the operator creates in the receiver namespace. Absent (and no"
          + " spec.gateway): an Ingress with the operator's default host (HOOKGATE_PUBLIC_BASE_URL), ingress class"
          + " and TLS Secret. Excludes spec.gateway.")
  private IngressSpec ingress;

  @JsonPropertyDescription(GatewaySpec.DESCRIPTION)
  private GatewaySpec gateway;

  public ProviderSpec getProvider() {
    return provider;
  }

  public void setProvider(ProviderSpec provider) {
    this.provider = provider;
  }

  public SecretKeyRef getSigningSecretRef() {
    return signingSecretRef;
  }

  public void setSigningSecretRef(SecretKeyRef signingSecretRef) {
    this.signingSecretRef = signingSecretRef;
  }

  public List<String> getEvents() {
    return events;
  }

  public void setEvents(List<String> events) {
    this.events = events;
  }

  public PreviousSigningSecretRef getPreviousSigningSecretRef() {
    return previousSigningSecretRef;
  }

  public void setPreviousSigningSecretRef(PreviousSigningSecretRef previousSigningSecretRef) {
    this.previousSigningSecretRef = previousSigningSecretRef;
  }

  public String getFilter() {
    return filter;
  }

  public void setFilter(String filter) {
    this.filter = filter;
  }

  public List<String> getSourceRanges() {
    return sourceRanges;
  }

  public void setSourceRanges(List<String> sourceRanges) {
    this.sourceRanges = sourceRanges;
  }

  public TargetSpec getTarget() {
    return target;
  }

  public void setTarget(TargetSpec target) {
    this.target = target;
  }

  public DeliverySpec getDelivery() {
    return delivery;
  }

  public void setDelivery(DeliverySpec delivery) {
    this.delivery = delivery;
  }

  public IngressSpec getIngress() {
    return ingress;
  }

  public void setIngress(IngressSpec ingress) {
    this.ingress = ingress;
  }

  public GatewaySpec getGateway() {
    return gateway;
  }

  public void setGateway(GatewaySpec gateway) {
    this.gateway = gateway;
  }
}
