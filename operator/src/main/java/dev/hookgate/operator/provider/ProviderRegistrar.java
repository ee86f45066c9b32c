package dev.hookgate.operator.provider;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.reconciler.ConditionOutcome;
import java.net.URI;

/**
 * Sets up the provider's side of one endpoint: the webhook registration at the provider (a GitHub repository
 * hook, a Stripe webhook endpoint, ...), or instructions for doing it by hand where hookgate has no API client
 * for the provider. Chosen per provider from {@link ProviderRegistrars}.
 */
public interface ProviderRegistrar {

  /**
   * Makes the provider side match the endpoint. Called once the endpoint's public URL is known, on every
   * reconcile, so it must be idempotent (an API registrar finds its hook by URL before creating one).
   *
   * @return the ProviderRegistered condition; a False one keeps the endpoint from being Ready
   */
  ConditionOutcome register(WebhookEndpoint endpoint, URI url);

  /** Removes what {@link #register} set up, when the endpoint is deleted; something already gone counts as done. */
  void deregister(WebhookEndpoint endpoint);
}
