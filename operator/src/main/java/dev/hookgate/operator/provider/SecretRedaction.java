package dev.hookgate.operator.provider;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Removes credentials and signing secrets from what a registrar reports, in case a provider echoed one back in
 * an error message: results end up in conditions, Events and logs.
 */
public final class SecretRedaction {

  static final String REDACTED = "(redacted)";

  /** Shorter values are not masked: they would mangle ordinary words and are no secret worth the name. */
  private static final int MIN_LENGTH = 6;

  private final List<String> secrets;

  private SecretRedaction(List<String> secrets) {
    this.secrets = secrets;
  }

  /** @param secrets the values to mask; nulls are ignored */
  public static SecretRedaction of(Collection<String> secrets) {
    return new SecretRedaction(
        secrets.stream().filter(Objects::nonNull).filter(secret -> secret.length() >= MIN_LENGTH).toList());
  }

  public RegistrationResult apply(RegistrationResult result) {
    if (result instanceof RegistrationResult.Failed failed) {
      return new RegistrationResult.Failed(failed.kind(), mask(failed.message()), failed.retryNotBefore());
    }
    if (result instanceof RegistrationResult.Registered registered) {
      return new RegistrationResult.Registered(registered.hookId(), registered.change(), registered.issuedSecret(),
          mask(registered.detail()));
    }
    if (result instanceof RegistrationResult.Deregistered deregistered) {
      return new RegistrationResult.Deregistered(mask(deregistered.detail()));
    }
    return result;
  }

  String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = text;
    for (String secret : secrets) {
      masked = masked.replace(secret, REDACTED);
    }
    return masked;
  }
}
