package dev.hookgate.receiver.forward;

import java.time.Duration;
import java.util.Optional;

/**
 * What became of one forwarding attempt.
 *
 * @param statusCode the target's HTTP status; 0 when there was none (connection refused, timed out)
 * @param detail the target's status ("HTTP 500") or why there was none ("timed out"); for people, never a secret
 * @param retryAfter how long the target asked us to wait ({@code Retry-After}); null when it did not say
 */
public record ForwardResult(int statusCode, String detail, Duration retryAfter) {

  public boolean delivered() {
    return statusCode >= 200 && statusCode < 300;
  }

  public Optional<Duration> retryAfterIfAny() {
    return Optional.ofNullable(retryAfter);
  }

  static ForwardResult status(int status, Duration retryAfter) {
    return new ForwardResult(status, "HTTP " + status, retryAfter);
  }

  public static ForwardResult failed(String detail) {
    return new ForwardResult(0, detail, null);
  }
}
