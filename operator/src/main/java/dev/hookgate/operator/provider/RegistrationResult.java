package dev.hookgate.operator.provider;

import java.time.Instant;
import java.util.Objects;

/** What a registrar did; the operator turns it into the ProviderRegistered condition, status.provider and Events. */
public sealed interface RegistrationResult {

  /** What changed at the provider in this call; anything but UNCHANGED is reported as a Kubernetes Event. */
  enum Change {
    UNCHANGED,
    CREATED,
    /** Events, URL, secret, content type or active flag differed and were corrected. */
    UPDATED,
    /** Our hook was gone at the provider (deleted by hand) and was created again. */
    RECREATED,
    /** The hook could not be kept (e.g. Stripe's secret was lost) and was replaced by a new one. */
    REPLACED
  }

  /**
   * Our hook exists at the provider and matches the endpoint.
   *
   * @param hookId the provider's id of the hook (status.provider.hookId)
   * @param change what this call changed
   * @param issuedSecret the signing secret the provider generated (Stripe), to be stored at once; else null
   * @param detail what was done, for the Event and the condition message (e.g. "created repository hook 12345")
   */
  record Registered(String hookId, Change change, String issuedSecret, String detail) implements RegistrationResult {
    public Registered {
      Objects.requireNonNull(hookId, "hookId");
      Objects.requireNonNull(change, "change");
    }

    @Override
    public String toString() {
      return "Registered[hookId=" + hookId + ", change=" + change + ", issuedSecret="
          + (issuedSecret == null ? "none" : "(redacted)") + ", detail=" + detail + "]";
    }
  }

  /** The provider has no registration API: the message says which URL to paste where. */
  record Manual(String instructions) implements RegistrationResult {}

  /** The hook is gone at the provider (or was never there). */
  record Deregistered(String detail) implements RegistrationResult {}

  /**
   * The provider could not be brought in line.
   *
   * @param kind what went wrong, which decides the condition reason and when to try again
   * @param message for the condition and the Event; names what to fix, never a credential
   * @param retryNotBefore the earliest time to call the provider again (from Retry-After, x-ratelimit-reset,
   *     RateLimit-Reset); null to use the operator's backoff
   */
  record Failed(FailureKind kind, String message, Instant retryNotBefore) implements RegistrationResult {
    public Failed {
      Objects.requireNonNull(kind, "kind");
    }
  }

  enum FailureKind {
    /** 401, or 403 without rate limiting: not retried until the credentials Secret changes. */
    CREDENTIALS_INVALID,
    /** 429, or 403 with the rate limit exhausted: retried at retryNotBefore. */
    RATE_LIMITED,
    /** 5xx, timeouts, connection failures: retried with backoff. */
    PROVIDER_UNAVAILABLE,
    /**
     * The provider refused what we asked (404 for the repository or project, 422 validation) or the provider
     * block is incomplete (no credentials Secret, no repository): not retried until the spec or Secret changes.
     */
    INVALID_CONFIGURATION
  }
}
