package dev.hookgate.operator.provider;

import dev.hookgate.routing.ProviderType;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one place that says how each provider's side is set up. Today every provider is registered by hand with
 * the instructions of {@link ManualRegistrar}; a registrar that calls the provider's API (GitHub, GitLab, Stripe,
 * Shopify, Bitbucket) takes its provider's entry here.
 */
public final class ProviderRegistrars {

  private final Map<ProviderType, ProviderRegistrar> registrars = new EnumMap<>(ProviderType.class);

  public ProviderRegistrars() {
    ManualRegistrar manual = new ManualRegistrar();
    for (ProviderType type : ProviderType.values()) {
      registrars.put(type, manual);
    }
  }

  public ProviderRegistrar forProvider(ProviderType type) {
    return registrars.get(type);
  }
}
