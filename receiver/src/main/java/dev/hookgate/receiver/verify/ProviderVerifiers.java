package dev.hookgate.receiver.verify;

import dev.hookgate.routing.ProviderType;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/** The one place that says which verifier checks which provider's deliveries. */
@Singleton
public final class ProviderVerifiers {

  private final Map<ProviderType, SignatureVerifier> verifiers = new EnumMap<>(ProviderType.class);

  public ProviderVerifiers() {
    verifiers.put(ProviderType.GITHUB, new GitHubVerifier());
    verifiers.put(ProviderType.GITLAB, new GitLabVerifier());
    verifiers.put(ProviderType.STRIPE, new StripeVerifier());
    verifiers.put(ProviderType.SLACK, new SlackVerifier());
    verifiers.put(ProviderType.SHOPIFY, new ShopifyVerifier());
    verifiers.put(ProviderType.BITBUCKET, new BitbucketVerifier());
    verifiers.put(ProviderType.STANDARD_WEBHOOKS, new StandardWebhooksVerifier());
    verifiers.put(ProviderType.TWILIO, new TwilioVerifier());
    verifiers.put(ProviderType.LINEAR, new LinearVerifier());
    verifiers.put(ProviderType.ZOOM, new ZoomVerifier());
    verifiers.put(ProviderType.GENERIC, new GenericHmacVerifier());
    for (ProviderType type : ProviderType.values()) {
      if (!verifiers.containsKey(type)) {
        throw new IllegalStateException("no verifier for provider " + type);
      }
    }
  }

  public SignatureVerifier forProvider(ProviderType provider) {
    return verifiers.get(provider);
  }
}
