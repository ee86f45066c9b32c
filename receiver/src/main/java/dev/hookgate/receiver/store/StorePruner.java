package dev.hookgate.receiver.store;

import dev.hookgate.receiver.config.StoreConfig;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store small: deletes delivered deliveries older than the retention period, dead letters older than
 * theirs (replayable until then), and dedup keys older than the dedup window.
 */
@Singleton
public class StorePruner {

  private static final Logger LOG = LoggerFactory.getLogger(StorePruner.class);

  private final DeliveryStore store;
  private final StoreConfig config;
  private final Clock clock;

  public StorePruner(DeliveryStore store, StoreConfig config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  @Scheduled(fixedDelay = "${hookgate.store.prune-interval:5m}", initialDelay = "${hookgate.store.prune-interval:5m}")
  public int prune() {
    Instant now = clock.instant();
    try {
      int pruned = store.prune(now.minus(config.retention()), now.minus(config.deadLetterRetention()),
          now.minus(config.dedupWindow()));
      if (pruned > 0) {
        LOG.info("Pruned {} delivered deliveries, old dead letters and expired dedup keys from the store", pruned);
      }
      return pruned;
    } catch (StoreUnavailableException e) {
      LOG.warn("Could not prune the delivery store: {}", e.getMessage());
      return 0;
    }
  }
}
