package dev.hookgate.operator.receiver;

import dev.hookgate.routing.ReceiverStatus;
import java.util.List;
import java.util.Objects;

/**
 * An endpoint's deliveries summed over the stores the receivers reported (each embedded-store receiver counts what
 * it stored; receivers sharing one PostgreSQL store are counted once, by {@link ReceiverProgress}). Pure.
 *
 * @param lastError the most recent failed attempt's detail among the receivers (by their last receipt); null if none
 * @param stoppedReason why a receiver stopped delivering to the target (410 Gone); null when none did
 */
public record DeliveryTotals(long received, long delivered, long pending, long deadLettered, String lastError,
    String stoppedReason) {

  /** The sum of {@code counts}; null when no receiver reported any. */
  public static DeliveryTotals sum(List<ReceiverStatus.DeliveryCounts> counts) {
    List<ReceiverStatus.DeliveryCounts> reported = counts.stream().filter(Objects::nonNull).toList();
    if (reported.isEmpty()) {
      return null;
    }
    long received = 0;
    long delivered = 0;
    long pending = 0;
    long deadLettered = 0;
    ReceiverStatus.DeliveryCounts latest = null;
    String stopped = null;
    for (ReceiverStatus.DeliveryCounts one : reported) {
      received += one.received();
      delivered += one.delivered();
      pending += one.pending();
      deadLettered += one.deadLettered();
      if (one.lastError() != null && (latest == null || isAfter(one, latest))) {
        latest = one;
      }
      stopped = stopped != null ? stopped : one.stoppedReason();
    }
    return new DeliveryTotals(received, delivered, pending, deadLettered,
        latest == null ? null : latest.lastError(), stopped);
  }

  private static boolean isAfter(ReceiverStatus.DeliveryCounts one, ReceiverStatus.DeliveryCounts other) {
    return other.lastReceivedAt() == null
        || (one.lastReceivedAt() != null && one.lastReceivedAt().isAfter(other.lastReceivedAt()));
  }
}
