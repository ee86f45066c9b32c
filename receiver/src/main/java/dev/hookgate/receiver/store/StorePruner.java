package dev.hookgate.receiver.store;

import dev.hookgate.receiver.PeriodicTask;
import dev.hookgate.receiver.config.StoreConfig;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store small: deletes delivered deliveries older than the retention period, dead letters older than
 * theirs (replayable until then), and dedup keys older than the dedup window: every {@code prune-interval}, on a
 * thread of its own ({@link PeriodicTask}), stopped when the application context closes.
 */
@Context
public class StorePruner {

  private static final Logger LOG = LoggerFactory.getLogger(StorePruner.class);

  private final DeliveryStore store;
  private final StoreConfig config;
  private final Clock clock;
  private final PeriodicTask pruning;

  public StorePruner(DeliveryStore store, StoreConfig config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
    this.pruning = new PeriodicTask("store-pruner", "hookgate.store.prune-interval", config.pruneInterval(),
        this::prune);
  }

  @PreDestroy
  public void stop() {
    pruning.close();
  }

  private void prune() {
    Instant now = clock.instant();
    try {
      int pruned = store.prune(now.minus(config.retention()), now.minus(config.deadLetterRetention()),
          now.minus(config.dedupWindow()));
      if (pruned > 0) {
        LOG.info("Pruned {} delivered deliveries, old dead letters and expired dedup keys from the store", pruned);
      }
    } catch (StoreUnavailableException e) {
      LOG.warn("Could not prune the delivery store: {}", e.getMessage());
    }
  }
}
