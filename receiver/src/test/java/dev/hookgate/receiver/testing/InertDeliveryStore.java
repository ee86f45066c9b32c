package dev.hookgate.receiver.testing;

import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.NewDelivery;
import dev.hookgate.receiver.store.StoreStatistics;
import dev.hookgate.receiver.store.StoredDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A store that holds nothing, for tests that replace the real one to make admitting misbehave: admits never
 * complete unless a subclass says otherwise; everything else is empty.
 */
public class InertDeliveryStore implements DeliveryStore {

  @Override
  public CompletableFuture<Admission> admit(NewDelivery delivery, Lease lease) {
    return new CompletableFuture<>();
  }

  @Override
  public List<StoredDelivery> claim(String owner, int max, long maxBodyBytes, Instant now, Duration lease) {
    return List.of();
  }

  @Override
  public Set<Long> renew(String owner, Collection<Long> ids, Instant until) {
    return Set.of();
  }

  @Override
  public CompletableFuture<Void> postpone(long id, Instant nextAttemptAt) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> delivered(long id, AttemptRecord attempt) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> retryLater(long id, AttemptRecord attempt, Instant nextAttemptAt) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> deadLetter(long id, AttemptRecord attempt) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public int replay(ReplaySelection selection, Instant now) {
    return 0;
  }

  @Override
  public List<StoredDelivery> deadLetters(String endpoint, int limit) {
    return List.of();
  }

  @Override
  public Optional<StoredDelivery> find(long id) {
    return Optional.empty();
  }

  @Override
  public List<AttemptRecord> history(long id) {
    return List.of();
  }

  @Override
  public StoreStatistics statistics(Instant now) {
    return new StoreStatistics(Map.of(), 0);
  }

  @Override
  public int prune(Instant deliveredBefore, Instant deadLettersBefore, Instant dedupBefore) {
    return 0;
  }

  @Override
  public void close() {}
}
