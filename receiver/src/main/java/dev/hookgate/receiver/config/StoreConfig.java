package dev.hookgate.receiver.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The durable delivery store ({@code hookgate.store.*}; env {@code HOOKGATE_STORE_PATH}, ...).
 *
 * @param type {@code embedded} (one SQLite file on the receiver's volume; one receiver per file)
 * @param path the embedded store's database file
 * @param maxSize the embedded store's bound in bytes: new deliveries are answered 503 once the data reach it
 * @param maxBatch the most writes committed together (group commit)
 * @param dedupWindow how long a provider's delivery id makes a later delivery with the same id a duplicate
 * @param retention how long delivered deliveries are kept (for their history) before they are pruned
 * @param deadLetterRetention how long dead letters are kept for replay before they are pruned: a target gone for
 *     good must not fill the store (and refuse every endpoint's deliveries)
 * @param pruneInterval how often delivered deliveries and expired dedup keys are pruned
 * @param ackTimeout how long a request waits for its commit before it is answered 503
 */
@ConfigurationProperties("hookgate.store")
public record StoreConfig(
    @Bindable(defaultValue = "embedded") String type,
    @Bindable(defaultValue = "/var/lib/hookgate/deliveries.db") String path,
    @Bindable(defaultValue = "1073741824") long maxSize,
    @Bindable(defaultValue = "256") int maxBatch,
    @Bindable(defaultValue = "72h") Duration dedupWindow,
    @Bindable(defaultValue = "24h") Duration retention,
    @Bindable(defaultValue = "168h") Duration deadLetterRetention,
    @Bindable(defaultValue = "5m") Duration pruneInterval,
    @Bindable(defaultValue = "5s") Duration ackTimeout) {

  public StoreConfig {
    if (maxSize <= 0 || maxBatch <= 0 || dedupWindow.isNegative() || dedupWindow.isZero()
        || retention.isNegative() || pruneInterval.isNegative() || pruneInterval.isZero()
        || ackTimeout.isNegative() || ackTimeout.isZero()) {
      throw new IllegalArgumentException("hookgate.store: max-size, max-batch, dedup-window, prune-interval and"
          + " ack-timeout must be positive, retention not negative");
    }
  }

  /** {@link #type()} of the store of a receiver's own. */
  public static final String EMBEDDED = "embedded";

  public Path filePath() {
    return Path.of(path);
  }
}
