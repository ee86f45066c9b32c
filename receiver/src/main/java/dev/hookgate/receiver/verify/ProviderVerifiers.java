package dev.hookgate.receiver.verify;

import dev.hookgate.routing.ProviderType;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/** The one place that says which verifier checks which provider's deliveries. */
@Singleton
public final class ProviderVerifiers {

  private static final SignatureVerifier UNSUPPORTED = new UnsupportedProviderVerifier();

  private final Map<ProviderType, SignatureVerifier> verifiers = new EnumMap<>(ProviderType.class);

  public ProviderVerifiers() {
    verifiers.put(ProviderType.GITHUB, new GitHubVerifier());
    verifiers.put(ProviderType.STANDARD_WEBHOOKS, new StandardWebhooksVerifier());
    verifiers.put(ProviderType.GENERIC, new GenericHmacVerifier());
  }

  public SignatureVerifier forProvider(ProviderType provider) {
    return verifiers.getOrDefault(provider, UNSUPPORTED);
  }
}
