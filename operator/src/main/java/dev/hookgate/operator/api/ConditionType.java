package dev.hookgate.operator.api;

/** The conditions of a WebhookEndpoint, in the order they are checked. */
public enum ConditionType {
  /** All of the others are True. */
  READY("Ready"),
  /** The signing Secret and key exist. */
  SECRET_RESOLVED("SecretResolved"),
  /** The Ingress for the endpoint's public URL exists; with spec.gateway, its HTTPRoute exists or is accepted. */
  INGRESS_READY("IngressReady"),
  /** Every reachable receiver pod serves the route at the current generation. */
  RECEIVER_CONFIGURED("ReceiverConfigured"),
  /**
   * The provider side is set up: registered through the provider's API, or (for providers registered by hand)
   * the instructions for doing so are in the message.
   */
  PROVIDER_REGISTERED("ProviderRegistered");

  private final String value;

  ConditionType(String value) {
    this.value = value;
  }

  /** The condition type as written in status.conditions[].type. */
  public String value() {
    return value;
  }
}
