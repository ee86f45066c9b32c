package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ProviderStatus;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * When the operator calls a provider's API for an endpoint, so a thousand endpoints reconciled every few seconds
 * do not hammer it: when the inputs changed (generation, URL, signing or credentials Secret), when the drift
 * resync is due, or when a failed attempt may be retried: a rate limit at its reset, an outage after an
 * exponential backoff, an invalid configuration at the next resync, refused credentials only once the Secret
 * changes. Pure: the time is passed in.
 */
final class RegistrationSchedule {

  private final Duration resync;
  private final Duration backoff;

  RegistrationSchedule(Duration resync, Duration backoff) {
    this.resync = resync;
    this.backoff = backoff;
  }

  /**
   * A short digest of what a registration depends on; none of it is secret (Secret resourceVersions, not values).
   */
  static String inputs(long generation, String url, String signingSecretVersion, String credentialsVersion) {
    String text = generation + "|" + url + "|" + signingSecretVersion + "|" + credentialsVersion;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** When the provider is due to be called next; null when only a change of inputs makes it due. */
  Instant nextCall(ProviderStatus prior, String inputs) {
    if (prior == null || !inputs.equals(prior.getSyncedInputs())) {
      return Instant.EPOCH;
    }
    if (prior.getFailures() != null && prior.getFailures() > 0) {
      return prior.getNextAttemptTime() == null ? null : Instant.parse(prior.getNextAttemptTime());
    }
    return prior.getLastSyncTime() == null ? Instant.EPOCH : Instant.parse(prior.getLastSyncTime()).plus(resync);
  }

  /** When to try again after the {@code failures}-th failure in a row of this kind; null: when the inputs change. */
  Instant retryAt(FailureKind kind, Instant retryNotBefore, int failures, Instant now) {
    switch (kind) {
      case CREDENTIALS_INVALID:
        return null;
      case INVALID_CONFIGURATION:
        return now.plus(resync);
      case RATE_LIMITED:
        return retryNotBefore != null ? retryNotBefore : now.plus(backoff(failures));
      default:
        Instant backedOff = now.plus(backoff(failures));
        return retryNotBefore != null && retryNotBefore.isAfter(backedOff) ? retryNotBefore : backedOff;
    }
  }

  /** The backoff doubles from the first wait per failure in a row, up to the resync interval. */
  Duration backoff(int failures) {
    Duration wait = backoff;
    for (int i = 1; i < failures && wait.compareTo(resync) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(resync) > 0 ? resync : wait;
  }

  Duration resync() {
    return resync;
  }
}
