package dev.hookgate.receiver.testing;

import dev.hookgate.receiver.config.StoreConfig;
import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.DeliveryStoreFactory;
import dev.hookgate.receiver.store.StoredDelivery;
import dev.hookgate.receiver.store.sqlite.SqliteDeliveryStore;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real embedded store, for dispatcher tests: counts claims and the deliveries they returned, and can hold the
 * commits of "delivered" outcomes back (a store slower at recording outcomes than the target is at answering), and can
 * answer lease renewals as if another receiver had taken every delivery over. In
 * place of the configured store when a receiver runs with {@link #ENABLED} set to true; the test gets it with
 * {@code receiver.context().getBean(ObservedEmbeddedStore.class)}.
 */
@Singleton
@Replaces(bean = DeliveryStore.class, factory = DeliveryStoreFactory.class)
@Requires(property = ObservedEmbeddedStore.ENABLED, value = "true")
public class ObservedEmbeddedStore extends ForwardingDeliveryStore {

  public static final String ENABLED = "hookgate.test.observed-store";

  private final AtomicInteger claims = new AtomicInteger();
  private final Set<Long> claimed = ConcurrentHashMap.newKeySet();
  private volatile CompletableFuture<Void> outcomesMayCommit = CompletableFuture.completedFuture(null);
  private volatile boolean leasesLost;
  private final AtomicInteger renewalsRefused = new AtomicInteger();

  public ObservedEmbeddedStore(StoreConfig config) {
    super(new SqliteDeliveryStore(config.filePath(), config.maxSize(), config.dedupWindow(), config.maxBatch()));
  }

  /** How many claims were made so far, whatever they returned. */
  public int claims() {
    return claims.get();
  }

  /** The ids of the deliveries claims returned. */
  public Set<Long> claimed() {
    return Set.copyOf(claimed);
  }

  /** From now on "delivered" outcomes wait for {@link #releaseOutcomes()} before they are written. */
  public void holdOutcomes() {
    outcomesMayCommit = new CompletableFuture<>();
  }

  public void releaseOutcomes() {
    outcomesMayCommit.complete(null);
  }

  /** From now on no lease is renewed, as if another receiver had taken every delivery over. */
  public void loseLeases() {
    leasesLost = true;
  }

  public int renewalsRefused() {
    return renewalsRefused.get();
  }

  @Override
  public Set<Long> renew(String owner, Collection<Long> ids, Instant until) {
    if (leasesLost) {
      renewalsRefused.incrementAndGet();
      return Set.of();
    }
    return super.renew(owner, ids, until);
  }

  @Override
  public List<StoredDelivery> claim(String owner, int max, long maxBodyBytes, Instant now, Duration lease) {
    List<StoredDelivery> taken = super.claim(owner, max, maxBodyBytes, now, lease);
    taken.forEach(delivery -> claimed.add(delivery.id()));
    claims.incrementAndGet();
    return taken;
  }

  @Override
  public CompletableFuture<Void> delivered(long id, AttemptRecord attempt) {
    return outcomesMayCommit.thenCompose(ignored -> super.delivered(id, attempt));
  }

  @PreDestroy
  @Override
  public void close() {
    super.close();
  }
}
