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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A store that passes every call to another, for tests that change one behaviour of a real store. */
public class ForwardingDeliveryStore implements DeliveryStore {

  protected final DeliveryStore delegate;

  public ForwardingDeliveryStore(DeliveryStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableFuture<Admission> admit(NewDelivery delivery, Lease lease) {
    return delegate.admit(delivery, lease);
  }

  @Override
  public List<StoredDelivery> claim(String owner, int max, long maxBodyBytes, Instant now, Duration lease) {
    return delegate.claim(owner, max, maxBodyBytes, now, lease);
  }

  @Override
  public Set<Long> renew(String owner, Collection<Long> ids, Instant until) {
    return delegate.renew(owner, ids, until);
  }

  @Override
  public CompletableFuture<Void> postpone(long id, Instant nextAttemptAt) {
    return delegate.postpone(id, nextAttemptAt);
  }

  @Override
  public CompletableFuture<Void> delivered(long id, AttemptRecord attempt) {
    return delegate.delivered(id, attempt);
  }

  @Override
  public CompletableFuture<Void> retryLater(long id, AttemptRecord attempt, Instant nextAttemptAt) {
    return delegate.retryLater(id, attempt, nextAttemptAt);
  }

  @Override
  public CompletableFuture<Void> deadLetter(long id, AttemptRecord attempt) {
    return delegate.deadLetter(id, attempt);
  }

  @Override
  public int replay(ReplaySelection selection, Instant now) {
    return delegate.replay(selection, now);
  }

  @Override
  public List<StoredDelivery> deadLetters(String endpoint, int limit) {
    return delegate.deadLetters(endpoint, limit);
  }

  @Override
  public Optional<StoredDelivery> find(long id) {
    return delegate.find(id);
  }

  @Override
  public List<AttemptRecord> history(long id) {
    return delegate.history(id);
  }

  @Override
  public StoreStatistics statistics(Instant now) {
    return delegate.statistics(now);
  }

  @Override
  public Optional<String> sharedId() {
    return delegate.sharedId();
  }

  @Override
  public Optional<String> cannotTakeDeliveries() {
    return delegate.cannotTakeDeliveries();
  }

  @Override
  public int prune(Instant deliveredBefore, Instant deadLettersBefore, Instant dedupBefore) {
    return delegate.prune(deliveredBefore, deadLettersBefore, dedupBefore);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
