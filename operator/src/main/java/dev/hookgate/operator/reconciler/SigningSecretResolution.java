package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.SecretKeyRef;
import dev.hookgate.operator.api.WebhookEndpoint;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Finds the signing secret value of an endpoint in its Secret. Messages name namespace/name/key, never a value.
 *
 * @param outcome the SecretResolved condition
 * @param value the signing secret; null unless resolved
 */
public record SigningSecretResolution(ConditionOutcome outcome, String value) {

  @Override
  public String toString() {
    return "SigningSecretResolution[outcome=" + outcome + ", value=<redacted>]";
  }

  /**
   * @param secret the Secret named by spec.signingSecretRef in the endpoint's namespace; null when missing
   */
  public static SigningSecretResolution resolve(WebhookEndpoint endpoint, Secret secret) {
    SecretKeyRef ref = endpoint.getSpec().getSigningSecretRef();
    String where = endpoint.getMetadata().getNamespace() + "/" + ref.getName();
    if (secret == null) {
      return missing("Secret " + where + " not found (spec.signingSecretRef)");
    }
    String value = value(secret, ref.getKey());
    if (value == null || value.isEmpty()) {
      return missing("Secret " + where + " has no key '" + ref.getKey() + "' (spec.signingSecretRef)");
    }
    return new SigningSecretResolution(
        ConditionOutcome.ok(
            ConditionType.SECRET_RESOLVED,
            ConditionReasons.SECRET_FOUND,
            "signing secret found in Secret " + where + " key '" + ref.getKey() + "'"),
        value);
  }

  private static String value(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    return secret.getStringData() == null ? null : secret.getStringData().get(key);
  }

  private static SigningSecretResolution missing(String message) {
    return new SigningSecretResolution(
        ConditionOutcome.failed(ConditionType.SECRET_RESOLVED, ConditionReasons.SECRET_NOT_FOUND, message), null);
  }

  public boolean resolved() {
    return value != null;
  }
}
