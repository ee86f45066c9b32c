package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookEndpointSpec {

  /** The same syntax as {@code dev.hookgate.routing.EventGlob#SYNTAX}; a unit test keeps the two equal. */
  public static final String EVENT_GLOB_PATTERN = "^[A-Za-z0-9_.:/* -]{1,128}$";

  @Required
  @JsonPropertyDescription("Who sends the webhooks and how their deliveries are signed.")
  private ProviderSpec provider;

  @Required
  @JsonPropertyDescription(
      "The Secret (in the endpoint's namespace) and key holding the signing secret exactly as the provider shows"
          + " it, e.g. whsec_... for Standard Webhooks.")
  private SecretKeyRef signingSecretRef;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Event types to forward, as globs ('*' matches any run of characters), e.g. [\"push\", \"pull_request\"] or"
          + " [\"invoice.*\"]. Empty or absent forwards every event type.")
  private List<@Pattern(EVENT_GLOB_PATTERN) String> events = new ArrayList<>();

  @Required
  @JsonPropertyDescription("Where verified deliveries are forwarded: a Service in the endpoint's namespace.")
  private TargetSpec target;

  @JsonPropertyDescription("How deliveries are forwarded to the target.")
  private DeliverySpec delivery;

  @JsonPropertyDescription(
      "The public side: the Ingress the operator creates in the receiver namespace. Absent: the operator's"
          + " default host (HOOKGATE_PUBLIC_BASE_URL), ingress class and TLS Secret.")
  private IngressSpec ingress;

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
}
