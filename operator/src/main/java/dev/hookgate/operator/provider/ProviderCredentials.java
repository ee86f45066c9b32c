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

  /**
   * A digest of the values, to tell in memory whether credentials changed (e.g. to stop re-sending credentials a
   * provider refused); never stored or printed.
   */
  public String fingerprint() {
    try {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      new TreeMap<>(values).forEach((key, value) -> {
        digest.update(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update((byte) 0);
      });
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public String toString() {
    return "ProviderCredentials[" + secretName + ", keys=" + new TreeMap<>(values).keySet() + ", values redacted]";
  }
}
