package dev.hookgate.operator.provider;

import dev.hookgate.operator.api.SecretKeyRef;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.routing.ProviderType;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where an endpoint's signing secret lives, and how the operator generates one when spec.signingSecretRef is
 * absent: 32 random bytes, encoded the way each provider that lets the receiver choose its secret expects it.
 * Providers missing from the table issue the secret themselves (Slack's signing secret, Twilio's auth token, ...)
 * and need spec.signingSecretRef, unless their registrar stores the issued secret (Stripe).
 */
public final class SigningSecrets {

  /** The key of the generated Secret {@code <endpoint>-signing}. */
  public static final String GENERATED_KEY = "secret";
  public static final String GENERATED_SUFFIX = "-signing";
  static final int RANDOM_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Function<byte[], String> HEX = bytes -> HexFormat.of().formatHex(bytes);

  private static final Map<ProviderType, Function<byte[], String>> ENCODINGS = new EnumMap<>(Map.of(
      ProviderType.GITHUB, HEX,
      ProviderType.GITLAB, HEX,
      ProviderType.BITBUCKET, HEX,
      ProviderType.GENERIC, HEX,
      // Standard Webhooks secrets are "whsec_" + base64 of the key bytes.
      ProviderType.STANDARD_WEBHOOKS, bytes -> "whsec_" + Base64.getEncoder().encodeToString(bytes)));

  private SigningSecrets() {}

  /** spec.signingSecretRef, or the generated Secret's name and key when it is absent. */
  public static SecretKeyRef effectiveRef(WebhookEndpoint endpoint) {
    SecretKeyRef ref = endpoint.getSpec() == null ? null : endpoint.getSpec().getSigningSecretRef();
    return ref != null ? ref : new SecretKeyRef(endpoint.getMetadata().getName() + GENERATED_SUFFIX, GENERATED_KEY);
  }

  /** Whether the operator owns the signing Secret (spec.signingSecretRef is absent). */
  public static boolean isGenerated(WebhookEndpoint endpoint) {
    return endpoint.getSpec() != null && endpoint.getSpec().getSigningSecretRef() == null;
  }

  /** A new secret in the provider's encoding; empty when the provider issues its own secret. */
  public static Optional<String> generate(ProviderType type) {
    Function<byte[], String> encoding = ENCODINGS.get(type);
    if (encoding == null) {
      return Optional.empty();
    }
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return Optional.of(encoding.apply(bytes));
  }

  public static boolean canGenerate(ProviderType type) {
    return ENCODINGS.containsKey(type);
  }
}
