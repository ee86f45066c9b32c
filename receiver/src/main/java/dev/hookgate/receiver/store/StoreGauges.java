package dev.hookgate.receiver.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's statistics, read at most once a second however often they are asked for, and the gauges made of
 * them: {@code hookgate_receiver_queue_depth} (pending deliveries), {@code hookgate_receiver_oldest_pending_age_seconds}
 * and {@code hookgate_receiver_store_size_bytes}; and {@code hookgate_receiver_store_taking_deliveries}, 0 while the
 * receiver's own store cannot take deliveries ({@link DeliveryStore#cannotTakeDeliveries}; the pod is not ready then,
 * so no request shows it).
 */
@Context
public class StoreGauges {

  private static final Logger LOG = LoggerFactory.getLogger(StoreGauges.class);
  private static final Duration FRESH_FOR = Duration.ofSeconds(1);

  private final DeliveryStore store;
  private final Clock clock;
  private StoreStatistics latest = new StoreStatistics(Map.of(), 0);
  private Instant readAt = Instant.MIN;

  public StoreGauges(DeliveryStore store, Clock clock, MeterRegistry registry) {
    this.store = store;
    this.clock = clock;
    Gauge.builder("hookgate.receiver.queue.depth", this, gauges -> gauges.statistics().pending())
        .description("Deliveries stored and not yet delivered or dead-lettered").register(registry);
    Gauge.builder("hookgate.receiver.oldest.pending.age", this, StoreGauges::oldestPendingAgeSeconds)
        .baseUnit("seconds").description("Age of the oldest pending delivery; 0 when none is pending")
        .register(registry);
    Gauge.builder("hookgate.receiver.store.size", this, gauges -> gauges.statistics().sizeBytes())
        .baseUnit("bytes").description("The delivery store's size on disk").register(registry);
    Gauge.builder("hookgate.receiver.store.taking.deliveries", store,
            taking -> taking.cannotTakeDeliveries().isEmpty() ? 1 : 0)
        .description("1 while this receiver's store takes new deliveries; 0 while it is full, failing or written by"
            + " another process, and the receiver is not ready")
        .register(registry);
  }

  /** The latest statistics, at most a second old; the previous ones while the store cannot be read. */
  public synchronized StoreStatistics statistics() {
    Instant now = clock.instant();
    if (readAt.plus(FRESH_FOR).isBefore(now)) {
      try {
        latest = store.statistics(now);
      } catch (StoreUnavailableException e) {
        LOG.debug("Store statistics unavailable: {}", e.getMessage());
      }
      readAt = now;
    }
    return latest;
  }

  private double oldestPendingAgeSeconds() {
    Instant now = clock.instant();
    return statistics().perEndpoint().values().stream()
        .map(StoreStatistics.EndpointCounts::oldestPendingReceivedAt)
        .filter(Objects::nonNull)
        .mapToDouble(oldest -> Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0))
        .max().orElse(0);
  }
}
