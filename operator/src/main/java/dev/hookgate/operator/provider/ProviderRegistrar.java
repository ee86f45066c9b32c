package dev.hookgate.operator.provider;

/**
 * Sets up the provider's side of one endpoint: the webhook registration at the provider (a GitHub repository
 * hook, a Stripe webhook endpoint, ...), or instructions for doing it by hand where the provider has no API for
 * it. Chosen per provider from {@link ProviderRegistrars}.
 *
 * <p>Implementations are stateless apart from caches (e.g. a GitHub App installation token) and never log,
 * return or put in a message a credential or a signing secret.
 */
public interface ProviderRegistrar {

  /** Whether this registrar calls the provider's API; only then does Ready wait for ProviderRegistered. */
  boolean registersThroughApi();

  /**
   * Whether the provider issues the signing secret on registration (Stripe) instead of taking ours: the operator
   * then calls {@link #register} with a null signing secret when it has none yet, and stores
   * {@link RegistrationResult.Registered#issuedSecret} in the endpoint's signing Secret at once.
   */
  default boolean issuesSigningSecret() {
    return false;
  }

  /**
   * Makes the provider side match the request. Called once the endpoint's public URL is known, on every reconcile
   * and on the periodic drift resync, so it must be idempotent: it finds our hook (by {@code knownHookId}, else by
   * URL across every page) before creating one, updates it when it differs, and re-creates it when it is gone.
   */
  RegistrationResult register(RegistrationRequest request);

  /**
   * Removes what {@link #register} set up, when the endpoint is deleted; a hook already gone (404) counts as done.
   *
   * @return {@link RegistrationResult.Deregistered}, or {@link RegistrationResult.Failed} to be retried with backoff
   */
  RegistrationResult deregister(RegistrationRequest request);
}
