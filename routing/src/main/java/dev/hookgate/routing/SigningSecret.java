package dev.hookgate.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * One secret that verifies deliveries to a route.
 *
 * @param value the secret exactly as the provider shows it (e.g. {@code whsec_...}); each verifier decodes it
 *     the way its provider does
 * @param notAfter when a previous secret stops verifying during a rotation; null for the current secret
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SigningSecret(String value, Instant notAfter) {

  public SigningSecret {
    Objects.requireNonNull(value, "value");
  }

  public static SigningSecret current(String value) {
    return new SigningSecret(value, null);
  }

  public boolean validAt(Instant now) {
    return notAfter == null || !now.isAfter(notAfter);
  }

  @Override
  public String toString() {
    return "SigningSecret[value=<redacted>, notAfter=" + notAfter + "]";
  }
}
