package dev.hookgate.operator.provider.api;

import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import java.time.Instant;

/** A provider API call that did not succeed, already classified; the message never carries a credential. */
public class ProviderApiException extends Exception {

  private final FailureKind kind;
  private final Instant retryNotBefore;
  private final int status;

  public ProviderApiException(FailureKind kind, String message, Instant retryNotBefore, int status) {
    super(message, null, false, false);
    this.kind = kind;
    this.retryNotBefore = retryNotBefore;
    this.status = status;
  }

  public FailureKind kind() {
    return kind;
  }

  /** Null when the provider did not say. */
  public Instant retryNotBefore() {
    return retryNotBefore;
  }

  /** The HTTP status; 0 when there was no answer. */
  public int status() {
    return status;
  }

  public RegistrationResult.Failed toResult() {
    return new RegistrationResult.Failed(kind, getMessage(), retryNotBefore);
  }
}
