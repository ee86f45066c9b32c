package dev.hookgate.receiver.dispatch;

import dev.hookgate.receiver.config.DispatchConfig;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: before attempt {@code n + 1}, wait a random time between 0 and
 * {@code min(cap, base * 2^(n-1))}, so a crowd of failed deliveries does not come back all at once.
 */
@Singleton
public final class RetryPolicy {

  private final long baseMillis;
  private final long capMillis;
  private final LongUnaryOperator random;

  public RetryPolicy(DispatchConfig config) {
    this(config.backoffBase(), config.backoffCap(), bound -> ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /** @param random a uniform draw from 0 to its argument, inclusive */
  RetryPolicy(Duration base, Duration cap, LongUnaryOperator random) {
    this.baseMillis = base.toMillis();
    this.capMillis = cap.toMillis();
    this.random = random;
  }

  /** The wait after failed attempt number {@code attempt} (1 for the first). */
  public Duration backoff(int attempt) {
    return Duration.ofMillis(random.applyAsLong(ceiling(attempt)));
  }

  /** The longest wait after failed attempt number {@code attempt}. */
  long ceiling(int attempt) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 40);
    long ceiling = baseMillis << doublings;
    return ceiling < 0 || ceiling > capMillis ? capMillis : ceiling;
  }
}
