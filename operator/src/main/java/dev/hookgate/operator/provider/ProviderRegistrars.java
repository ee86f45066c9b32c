package dev.hookgate.operator.provider;

import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.bitbucket.BitbucketRegistrar;
import dev.hookgate.operator.provider.gitlab.GitLabRegistrar;
import dev.hookgate.operator.provider.shopify.ShopifyRegistrar;
import dev.hookgate.operator.provider.stripe.StripeRegistrar;
import dev.hookgate.routing.ProviderType;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one place that says how each provider's side is set up: through the provider's API for GitLab, Bitbucket,
 * Stripe and Shopify when the endpoint names a credentials Secret ({@link ApiOrManualRegistrar}), otherwise by
 * hand with the instructions of {@link ManualRegistrar}.
 */
public final class ProviderRegistrars implements AutoCloseable {

  private final Map<ProviderType, ProviderRegistrar> registrars = new EnumMap<>(ProviderType.class);
  private final ProviderApis apis;

  public ProviderRegistrars() {
    this(new ProviderApis(ProviderApis.DEFAULT_TIMEOUT, Clock.systemUTC()));
  }

  public ProviderRegistrars(ProviderApis apis) {
    this.apis = apis;
    ManualRegistrar manual = new ManualRegistrar();
    for (ProviderType type : ProviderType.values()) {
      registrars.put(type, manual);
    }
    registrars.put(ProviderType.GITLAB, new ApiOrManualRegistrar(new GitLabRegistrar(apis), manual));
    registrars.put(ProviderType.BITBUCKET, new ApiOrManualRegistrar(new BitbucketRegistrar(apis), manual));
    registrars.put(ProviderType.STRIPE, new ApiOrManualRegistrar(new StripeRegistrar(apis), manual));
    registrars.put(ProviderType.SHOPIFY, new ApiOrManualRegistrar(new ShopifyRegistrar(apis), manual));
  }

  public ProviderRegistrar forProvider(ProviderType type) {
    return registrars.get(type);
  }

  /** Closes the provider API clients. */
  @Override
  public void close() {
    apis.close();
  }
}
