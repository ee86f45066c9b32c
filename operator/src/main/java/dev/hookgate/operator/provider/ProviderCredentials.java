package dev.hookgate.operator.provider;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The data of the Secret a provider block names as its API credentials (a token, a GitHub App's id and private
 * key, a Stripe secret key, ...), decoded. {@link #toString} never shows a value.
 */
public final class ProviderCredentials {

  public static final ProviderCredentials NONE = new ProviderCredentials("", Map.of());

  private final String secretName;
  private final Map<String, String> values;

  /**
   * @param secretName {@code namespace/name} of the Secret, for messages
   * @param values the Secret's data, decoded
   */
  public ProviderCredentials(String secretName, Map<String, String> values) {
    this.secretName = secretName;
    this.values = Map.copyOf(values);
  }

  public String secretName() {
    return secretName;
  }

  public Optional<String> value(String key) {
    return Optional.ofNullable(values.get(key)).filter(value -> !value.isBlank());
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public String toString() {
    return "ProviderCredentials[" + secretName + ", keys=" + new TreeMap<>(values).keySet() + ", values redacted]";
  }
}
