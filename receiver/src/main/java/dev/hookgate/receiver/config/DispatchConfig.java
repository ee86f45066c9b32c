package dev.hookgate.receiver.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the dispatcher takes deliveries from the store and retries them ({@code hookgate.dispatch.*}; env
 * {@code HOOKGATE_DISPATCH_BACKOFF_BASE}, ...).
 *
 * @param pollInterval how often the store is asked for due deliveries when nothing woke the dispatcher earlier
 * @param claimBatch how many deliveries one claim takes at most
 * @param maxOutstanding how many claimed deliveries this receiver holds at most (sending, waiting for a slot, or
 *     waiting for their outcome's commit)
 * @param maxOutstandingBytes how many bytes of bodies those hold at most (one delivery larger than this alone is
 *     still taken): with large payloads the heap, not the count, is the limit
 * @param lease how long a claim holds a delivery unless renewed; the receiver renews its leases every third of it
 * @param backoffBase the first retry's longest wait (full jitter: a random wait up to base * 2^(attempt-1))
 * @param backoffCap the longest wait between two attempts
 * @param retryFor how long a delivery whose endpoint has no route (any more) is retried before it is dead-lettered
 */
@ConfigurationProperties("hookgate.dispatch")
public record DispatchConfig(
    @Bindable(defaultValue = "200ms") Duration pollInterval,
    @Bindable(defaultValue = "256") int claimBatch,
    @Bindable(defaultValue = "512") int maxOutstanding,
    @Bindable(defaultValue = "67108864") long maxOutstandingBytes,
    @Bindable(defaultValue = "5m") Duration lease,
    @Bindable(defaultValue = "1s") Duration backoffBase,
    @Bindable(defaultValue = "10m") Duration backoffCap,
    @Bindable(defaultValue = "72h") Duration retryFor) {

  public DispatchConfig {
    if (claimBatch <= 0 || maxOutstanding <= 0 || maxOutstandingBytes <= 0 || backoffBase.isNegative()
        || backoffCap.compareTo(backoffBase) < 0 || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("hookgate.dispatch: batch sizes and lease must be positive, and"
          + " backoff-cap at least backoff-base");
    }
  }
}
