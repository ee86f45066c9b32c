package dev.hookgate.receiver.dispatch;

import dev.hookgate.receiver.forward.ForwardResult;
import dev.hookgate.receiver.store.StoredDelivery;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides, from one attempt's result, whether a delivery is done, retried (when) or dead-lettered. Pure apart
 * from the retry policy's jitter.
 *
 * <ul>
 *   <li>2xx: delivered.
 *   <li>410 Gone: dead letter at once; the dispatcher also stops the endpoint's other deliveries.
 *   <li>anything else (other 4xx, 5xx, no answer): retried with backoff, never earlier than the target's
 *       {@code Retry-After}, until {@code retryFor} has passed since the delivery was queued; then dead letter. The
 *       last retry is moved forward to the deadline, so a delivery is always tried once more at its deadline.
 * </ul>
 */
@Singleton
public final class AttemptJudge {

  static final int GONE = 410;

  private final RetryPolicy policy;

  public AttemptJudge(RetryPolicy policy) {
    this.policy = policy;
  }

  public Decision judge(ForwardResult result, StoredDelivery delivery, int attempt, Duration retryFor, Instant now) {
    if (result.delivered()) {
      return new Decision.Delivered();
    }
    if (result.statusCode() == GONE) {
      return new Decision.DeadLetter("the target answered 410 Gone: deliveries to this endpoint stopped");
    }
    Instant deadline = delivery.queuedAt().plus(retryFor);
    if (!now.isBefore(deadline)) {
      return new Decision.DeadLetter("not delivered within retryFor (" + retryFor + "); last attempt: "
          + result.detail());
    }
    Instant next = now.plus(policy.backoff(attempt));
    if (next.isAfter(deadline)) {
      next = deadline;
    }
    if (result.retryAfter() != null && next.isBefore(now.plus(result.retryAfter()))) {
      next = now.plus(result.retryAfter());
    }
    return new Decision.Retry(next);
  }
}
