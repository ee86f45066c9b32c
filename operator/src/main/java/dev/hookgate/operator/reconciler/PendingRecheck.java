package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.WebhookEndpointStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * How soon to look again at an endpoint whose receivers do not serve its generation yet: soon at first (a spec
 * change should show within a second), then less often the longer it waits. Without the back-off, a thousand new
 * endpoints rechecking every quarter second fill the reconcile threads and starve the endpoints that still need
 * their first route written.
 */
final class PendingRecheck {

  static final Duration MAX = Duration.ofSeconds(5);

  private PendingRecheck() {}

  /**
   * @param first the delay for an endpoint that just became pending (the operator's pendingRecheck setting)
   * @return a quarter of the time it has been pending, between {@code first} and {@link #MAX}
   */
  static Duration after(WebhookEndpointStatus prior, Instant now, Duration first) {
    Instant since = prior == null ? null : prior.condition(ConditionType.RECEIVER_CONFIGURED)
        .filter(condition -> ConditionReasons.PENDING.equals(condition.getReason()))
        .map(condition -> parse(condition.getLastTransitionTime()))
        .orElse(null);
    if (since == null || since.isAfter(now)) {
      return first;
    }
    Duration delay = Duration.between(since, now).dividedBy(4);
    if (delay.compareTo(first) < 0) {
      return first;
    }
    return delay.compareTo(MAX) > 0 ? MAX : delay;
  }

  private static Instant parse(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
