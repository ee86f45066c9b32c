package dev.hookgate.operator.provider;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.bitbucket.BitbucketRegistrar;
import dev.hookgate.operator.provider.gitlab.GitLabRegistrar;
import dev.hookgate.operator.provider.shopify.ShopifyRegistrar;
import dev.hookgate.operator.provider.stripe.StripeRegistrar;
import dev.hookgate.operator.provider.github.GitHubRegistrar;
import dev.hookgate.routing.ProviderType;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one place that says how each provider's side is set up: a registrar that calls the provider's API where
 * hookgate has one, else the instructions of {@link ManualRegistrar}. An endpoint whose provider block names no
 * credentials Secret is set up by hand whatever its provider ({@link #forEndpoint}).
 */
public final class ProviderRegistrars {

  private final Map<ProviderType, ProviderRegistrar> registrars = new EnumMap<>(ProviderType.class);
  private final ProviderRegistrar manual = new ManualRegistrar(type -> registrars.get(type).registersThroughApi());

  /** With the real clock and the default timeout. */
  public ProviderRegistrars() {
    this(new ProviderApis(ProviderApis.DEFAULT_TIMEOUT, Clock.systemUTC()));
  }

  public ProviderRegistrars(ProviderApis apis) {
    for (ProviderType type : ProviderType.values()) {
      registrars.put(type, manual);
    }
    registrars.put(ProviderType.GITHUB, new GitHubRegistrar(apis));
    registrars.put(ProviderType.GITLAB, new GitLabRegistrar(apis));
    registrars.put(ProviderType.BITBUCKET, new BitbucketRegistrar(apis));
    registrars.put(ProviderType.STRIPE, new StripeRegistrar(apis));
    registrars.put(ProviderType.SHOPIFY, new ShopifyRegistrar(apis));
  }

  /** This table with {@code registrar} in the place of {@code type}'s (a registrar against a test double). */
  public ProviderRegistrars with(ProviderType type, ProviderRegistrar registrar) {
    ProviderRegistrars copy = new ProviderRegistrars(this);
    copy.registrars.put(type, registrar);
    return copy;
  }

  private ProviderRegistrars(ProviderRegistrars other) {
    registrars.putAll(other.registrars);
  }

  /** The provider's registrar: its API registrar where hookgate has one. */
  public ProviderRegistrar forProvider(ProviderType type) {
    return registrars.get(type);
  }

  /** The registrar for this endpoint: its provider's API registrar when it names credentials, else manual. */
  public ProviderRegistrar forEndpoint(WebhookEndpoint endpoint) {
    var provider = endpoint.getSpec().getProvider();
    return provider.registrationBlock().isPresent() ? forProvider(provider.getType()) : manual;
  }
}
