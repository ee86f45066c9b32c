package dev.hookgate.operator.api;

/**
 * The settings block of a provider hookgate can register through its API. With a credentials Secret named, the
 * operator registers the hook itself; without one, the provider is set up by hand (ManualRegistrationRequired).
 */
public interface ApiProviderBlock {

  /** The Secret holding the provider API credentials; null when the hook is registered by hand. */
  SecretNameRef getCredentialsSecretRef();
}
