package dev.hookgate.receiver.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the store holds, for metrics ({@code hookgate_receiver_queue_depth}, oldest pending age, store size) and
 * for the operator's {@code status.deliveries}.
 *
 * @param perEndpoint counts keyed by endpoint ({@code namespace/name})
 * @param sizeBytes the store's size on disk (SQLite file and WAL) or in the database
 */
public record StoreStatistics(Map<String, EndpointCounts> perEndpoint, long sizeBytes) {

  /** Pending deliveries, all endpoints together. */
  public long pending() {
    return perEndpoint.values().stream().mapToLong(EndpointCounts::pending).sum();
  }

  /** Dead letters, all endpoints together. */
  public long deadLettered() {
    return perEndpoint.values().stream().mapToLong(EndpointCounts::deadLettered).sum();
  }

  /** The totals received and delivered, for the endpoints where any is above zero: what a drain moves. */
  public List<DeliveryStore.EndpointTotals> totals() {
    return perEndpoint.entrySet().stream()
        .filter(endpoint -> endpoint.getValue().received() > 0 || endpoint.getValue().delivered() > 0)
        .map(endpoint -> new DeliveryStore.EndpointTotals(endpoint.getKey(), endpoint.getValue().received(),
            endpoint.getValue().delivered(), endpoint.getValue().lastReceivedAt()))
        .toList();
  }

  /**
   * @param oldestPendingReceivedAt when the oldest still-pending delivery was received; null when none is pending
   * @param lastError the most recent failed attempt's detail; null when none
   */
  public record EndpointCounts(
      long received, long delivered, long pending, long deadLettered, Instant oldestPendingReceivedAt,
      Instant lastReceivedAt, String lastError) {}
}
