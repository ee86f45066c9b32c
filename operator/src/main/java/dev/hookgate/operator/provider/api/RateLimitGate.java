package dev.hookgate.operator.provider.api;

import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per rate-limit bucket (a base URL and a credentials Secret: providers count per token), until when
 * the provider told us to stop, so no endpoint sharing that token sends a request before the reset.
 */
public final class RateLimitGate {

  private final Map<String, Instant> closedUntil = new ConcurrentHashMap<>();
  private final Clock clock;

  public RateLimitGate(Clock clock) {
    this.clock = clock;
  }

  /** A RATE_LIMITED failure when the bucket is closed now; empty when requests may go out. */
  public Optional<RegistrationResult.Failed> closed(String bucket) {
    Instant until = closedUntil.get(bucket);
    if (until == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(until)) {
      closedUntil.remove(bucket, until);
      return Optional.empty();
    }
    return Optional.of(new RegistrationResult.Failed(FailureKind.RATE_LIMITED,
        "rate limited by the provider: no request before " + until, until));
  }

  /** Closes the bucket when {@code failure} is a rate limit with a reset time. */
  public void record(String bucket, ProviderApiException failure) {
    if (failure.kind() == FailureKind.RATE_LIMITED && failure.retryNotBefore() != null) {
      closedUntil.merge(bucket, failure.retryNotBefore(), (a, b) -> a.isAfter(b) ? a : b);
    }
  }
}
