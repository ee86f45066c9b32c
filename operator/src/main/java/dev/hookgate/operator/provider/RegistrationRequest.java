package dev.hookgate.operator.provider;

import dev.hookgate.operator.api.WebhookEndpoint;
import java.net.URI;
import java.util.Objects;

/**
 * Everything a registrar needs for one endpoint, resolved by the operator.
 *
 * @param endpoint the resource (spec.provider.<type> holds the provider-specific settings, spec.events the events)
 * @param url the public URL the provider must call; null only for {@link ProviderRegistrar#deregister}
 * @param signingSecret the secret the provider must sign with; null when the provider issues it (Stripe creates
 *     the endpoint's secret and returns it in {@link RegistrationResult.Registered#issuedSecret})
 * @param credentials the provider API credentials from the Secret the provider block names; empty when none
 * @param knownHookId the provider's id of our hook from status.provider.hookId; null when none is recorded
 * @param secretChanged whether the signing secret may differ from the one the provider holds (a rotation, or no
 *     record of the last push): providers that redact the secret on read (GitHub) must then send it even when
 *     nothing else differs
 */
public record RegistrationRequest(
    WebhookEndpoint endpoint, URI url, String signingSecret, ProviderCredentials credentials, String knownHookId,
    boolean secretChanged) {

  public RegistrationRequest {
    Objects.requireNonNull(endpoint, "endpoint");
    credentials = credentials == null ? ProviderCredentials.NONE : credentials;
  }

  /** A request with no known rotation ({@code secretChanged} false). */
  public RegistrationRequest(
      WebhookEndpoint endpoint, URI url, String signingSecret, ProviderCredentials credentials, String knownHookId) {
    this(endpoint, url, signingSecret, credentials, knownHookId, false);
  }

  /** {@code namespace/name} of the endpoint, for messages. */
  public String endpointName() {
    return endpoint.getMetadata().getNamespace() + "/" + endpoint.getMetadata().getName();
  }

  /** Never print the secret: requests end up in exception messages and logs. */
  @Override
  public String toString() {
    return "RegistrationRequest[endpoint=" + endpointName() + ", url=" + url + ", signingSecret="
        + (signingSecret == null ? "none" : "(redacted)") + ", credentials=" + credentials + ", knownHookId="
        + knownHookId + ", secretChanged=" + secretChanged + "]";
  }
}
