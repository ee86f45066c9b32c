package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.PreviousSigningSecretRef;
import dev.hookgate.operator.api.SecretKeyRef;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.routing.SigningSecret;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Finds the signing secrets of an endpoint in its Secrets: the current one and, during a rotation, the previous one
 * until its expiresAt. Messages name namespace/name/key, never a value. Pure: the time is passed in.
 *
 * @param outcome the SecretResolved condition
 * @param secrets the secrets that verify deliveries, the current one first (the previous one carries notAfter);
 *     empty unless resolved
 * @param rotationEndsAt when the previous secret stops verifying, so the route must be compiled again; null when
 *     no previous secret is in use
 */
public record SigningSecretResolution(ConditionOutcome outcome, List<SigningSecret> secrets, Instant rotationEndsAt) {

  public SigningSecretResolution {
    secrets = List.copyOf(secrets);
  }

  @Override
  public String toString() {
    return "SigningSecretResolution[outcome=" + outcome + ", secrets=" + secrets.size() + " (redacted), rotationEndsAt="
        + rotationEndsAt + "]";
  }

  /**
   * @param secret the Secret named by spec.signingSecretRef in the endpoint's namespace; null when missing
   * @param previousSecret the Secret named by spec.previousSigningSecretRef; null when missing or not named
   * @param now the reconciler's clock: the previous secret is used only while {@code now} is before its expiresAt
   * @throws IllegalArgumentException when expiresAt is not a date-time (SpecCheck reports that first)
   */
  public static SigningSecretResolution resolve(
      WebhookEndpoint endpoint, Secret secret, Secret previousSecret, Instant now) {
    SecretKeyRef ref = dev.hookgate.operator.provider.SigningSecrets.effectiveRef(endpoint);
    String where = where(endpoint, ref);
    if (secret == null) {
      return missing("Secret " + where + " not found (spec.signingSecretRef)");
    }
    String value = value(secret, ref.getKey());
    if (value == null || value.isEmpty()) {
      return missing("Secret " + where + " has no key '" + ref.getKey() + "' (spec.signingSecretRef)");
    }
    String found = "signing secret found in Secret " + where + " key '" + ref.getKey() + "'";
    PreviousSigningSecretRef previous = endpoint.getSpec().getPreviousSigningSecretRef();
    if (previous == null) {
      return new SigningSecretResolution(ok(found), List.of(SigningSecret.current(value)), null);
    }
    Instant expiresAt = parseExpiresAt(previous.getExpiresAt());
    String previousWhere = where(endpoint, previous);
    if (!now.isBefore(expiresAt)) {
      // Expired: no longer needed, so a deleted old Secret is no problem.
      return new SigningSecretResolution(
          ok(found + "; the previous secret expired at " + expiresAt + ": remove spec.previousSigningSecretRef"),
          List.of(SigningSecret.current(value)),
          null);
    }
    if (previousSecret == null) {
      return missing("Secret " + previousWhere + " not found (spec.previousSigningSecretRef)");
    }
    String previousValue = value(previousSecret, previous.getKey());
    if (previousValue == null || previousValue.isEmpty()) {
      return missing(
          "Secret " + previousWhere + " has no key '" + previous.getKey() + "' (spec.previousSigningSecretRef)");
    }
    return new SigningSecretResolution(
        ok(found + "; the previous secret in Secret " + previousWhere + " key '" + previous.getKey()
            + "' also verifies until " + expiresAt),
        List.of(SigningSecret.current(value), new SigningSecret(previousValue, expiresAt)),
        expiresAt);
  }

  /**
   * Reads spec.previousSigningSecretRef.expiresAt: an RFC 3339 date-time ({@code T} and {@code Z} in either case).
   *
   * @throws IllegalArgumentException with a message fit for a condition
   */
  public static Instant parseExpiresAt(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("spec.previousSigningSecretRef.expiresAt is required");
    }
    try {
      return OffsetDateTime.parse(text.trim().toUpperCase(Locale.ROOT)).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "spec.previousSigningSecretRef.expiresAt '" + text + "' is not an RFC 3339 date-time: write e.g."
              + " 2025-06-01T00:00:00Z");
    }
  }

  /** The current secret's value; null unless resolved. */
  public String value() {
    return secrets.isEmpty() ? null : secrets.get(0).value();
  }

  public boolean resolved() {
    return !secrets.isEmpty();
  }

  private static String where(WebhookEndpoint endpoint, SecretKeyRef ref) {
    return endpoint.getMetadata().getNamespace() + "/" + ref.getName();
  }

  private static String value(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    return secret.getStringData() == null ? null : secret.getStringData().get(key);
  }

  private static ConditionOutcome ok(String message) {
    return ConditionOutcome.ok(ConditionType.SECRET_RESOLVED, ConditionReasons.SECRET_FOUND, message);
  }

  private static SigningSecretResolution missing(String message) {
    return new SigningSecretResolution(
        ConditionOutcome.failed(ConditionType.SECRET_RESOLVED, ConditionReasons.SECRET_NOT_FOUND, message),
        List.of(),
        null);
  }
}
