package dev.hookgate.receiver.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The durable queue between ingest and delivery. The receiver answers a provider 2xx only after {@link #admit}
 * completed, so an acknowledged delivery survives a crash; the dispatcher then {@link #claim}s due deliveries,
 * sends them, and records how each attempt went.
 *
 * <p>Two implementations: an embedded SQLite file on the receiver's volume (one receiver, group commit), and
 * PostgreSQL for several receiver replicas sharing one queue (claims with {@code FOR UPDATE SKIP LOCKED} and a
 * lease, so a replica that dies mid-delivery has its work taken over once the lease runs out).
 *
 * <p>Every method may throw {@link StoreUnavailableException} (or complete exceptionally with it): the database
 * is down, the disk is full, the file is unwritable. The receiver then answers 503 and tries again later.
 */
public interface DeliveryStore extends AutoCloseable {

  /**
   * Stores a verified delivery durably, deduplicated by {@code (routeSlug, dedupKey)} within the dedup window.
   * Completes only once the row is committed (fsync'd); commits of concurrent calls may be grouped.
   *
   * @param lease null to queue the delivery for the next {@link #claim}; otherwise it is stored already claimed by
   *     {@code lease.owner()} until {@code lease.until()}, as if that claimer had taken it in the same transaction:
   *     the receiver that admits a delivery sends it at once, without reading it back
   */
  CompletableFuture<Admission> admit(NewDelivery delivery, Lease lease);

  /** Stores a delivery for the next {@link #claim}: {@link #admit(NewDelivery, Lease)} without a lease. */
  default CompletableFuture<Admission> admit(NewDelivery delivery) {
    return admit(delivery, null);
  }

  /**
   * Takes up to {@code max} pending deliveries whose next attempt is due at {@code now}, oldest due first, leased to
   * {@code owner} until {@code now + lease}: no other claimer gets them before the lease runs out or the outcome is
   * recorded. Stops taking once the bodies taken reach {@code maxBodyBytes} (the first is always taken, however
   * large), so a claim never loads more into memory than the caller has room for.
   */
  List<StoredDelivery> claim(String owner, int max, long maxBodyBytes, Instant now, Duration lease);

  /** {@link #claim(String, int, long, Instant, Duration)} without a bound on the bodies' bytes. */
  default List<StoredDelivery> claim(String owner, int max, Instant now, Duration lease) {
    return claim(owner, max, Long.MAX_VALUE, now, lease);
  }

  /**
   * Extends {@code owner}'s leases on those of {@code ids} still pending and leased to it, until {@code until}, so
   * nobody else claims them while the owner still holds them (waiting for a slot at a slow target, or being sent).
   * Returns the ids renewed: one missing is no longer the owner's (its lease ran out and another claimer took it
   * over, or its outcome is already recorded).
   */
  Set<Long> renew(String owner, Collection<Long> ids, Instant until);

  /*
   * The outcome writes below complete once committed and fail with StoreUnavailableException; they do not block
   * the caller, so the dispatcher records outcomes from its network threads without a thread per waiting write
   * (a pool of blocked recorder threads made a third of the receiver's CPU go to context switches under load).
   */

  /**
   * Gives a claimed delivery back unattempted (its target is throttled or at its concurrency limit): due again at
   * {@code nextAttemptAt}, lease released, no attempt recorded, attempts unchanged. No effect unless pending.
   */
  CompletableFuture<Void> postpone(long id, Instant nextAttemptAt);

  /** The target answered 2xx: the delivery is done (kept for history until pruned). */
  CompletableFuture<Void> delivered(long id, AttemptRecord attempt);

  /** The attempt failed; the delivery is due again at {@code nextAttemptAt}. */
  CompletableFuture<Void> retryLater(long id, AttemptRecord attempt, Instant nextAttemptAt);

  /** No more attempts (retryFor exceeded, or the target said 410): the delivery is a dead letter. */
  CompletableFuture<Void> deadLetter(long id, AttemptRecord attempt);

  /**
   * Puts dead letters back in the queue, due at once, with {@link StoredDelivery#queuedAt} set to {@code now} (so
   * they get a fresh {@code retryFor}). Returns how many.
   */
  int replay(ReplaySelection selection, Instant now);

  /** The dead letters of one endpoint ({@code namespace/name}), newest first. */
  List<StoredDelivery> deadLetters(String endpoint, int limit);

  /** One delivery as stored now (any state); empty when there is no such delivery (or it was pruned). */
  Optional<StoredDelivery> find(long id);

  /** One delivery's attempts, oldest first; empty when there is no such delivery. */
  List<AttemptRecord> history(long id);

  /** Counts per endpoint, queue depth, oldest pending and size: what metrics and status report. */
  StoreStatistics statistics(Instant now);

  /**
   * What every receiver sharing this store reports as its store (several replicas on one PostgreSQL database), so
   * the operator counts the store's deliveries once instead of once per receiver; empty for a store of this
   * receiver's own (the embedded file), or while the shared one cannot be read yet.
   */
  default Optional<String> sharedId() {
    return Optional.empty();
  }

  /**
   * Why this receiver cannot take new deliveries now, for a reason of its own store: another process writes the
   * embedded file (a drain Job still working on a volume its pod mounts again), the file is full, or it has failed
   * to write for a while. Empty when it can (also tries to become the file's writer, so the answer is current). The
   * receiver is not ready meanwhile, so the other receivers take the deliveries it would answer 503. A shared store
   * (PostgreSQL) says nothing: its outage is every receiver's, and taking one out of service helps no one.
   */
  default Optional<String> cannotTakeDeliveries() {
    return Optional.empty();
  }

  /**
   * Deletes delivered deliveries finished before {@code deliveredBefore}, dead letters dead-lettered before
   * {@code deadLettersBefore}, and dedup keys first seen before {@code dedupBefore}; the totals received and
   * delivered still count them. Returns how many rows went.
   */
  int prune(Instant deliveredBefore, Instant deadLettersBefore, Instant dedupBefore);

  /**
   * Stores a delivery that another receiver of the same installation held, as it was there: pending (due at once)
   * or a dead letter, with its attempts so far and its {@code queuedAt} (so {@code retryFor} still counts from its
   * receipt or its last replay). A drain moves a receiver's open deliveries to the others this way.
   * {@link Admission.Duplicate} when this store already stored a delivery with its dedup key (a move sent again, a
   * provider's retry that reached both); a key copied here on its own ({@link #adoptDedupKeys}) does not count.
   *
   * @throws UnsupportedOperationException from a store that several receivers share: nothing ever moves there
   */
  default CompletableFuture<Admission> adopt(StoredDelivery delivery, List<AttemptRecord> history) {
    throw notMovable();
  }

  /**
   * Deletes a delivery and its attempts if it is still in {@code state} (a drain moved it to another receiver);
   * completes with whether it did.
   *
   * @throws UnsupportedOperationException from a store that several receivers share
   */
  default CompletableFuture<Boolean> forget(long id, StoredDelivery.State state) {
    throw notMovable();
  }

  /**
   * Up to {@code limit} dedup keys first seen at or after {@code seenSince} (still in their window), in key order
   * after {@code after} (null: from the first): what a drain copies to the other receivers, so a provider's retry
   * of an event this receiver had is still a duplicate once it is gone.
   *
   * @throws UnsupportedOperationException from a store that several receivers share
   */
  default List<DedupKey> dedupKeys(DedupKey after, Instant seenSince, int limit) {
    throw notMovable();
  }

  /**
   * Stores dedup keys another receiver copies here, without their deliveries (a drain, a key's backup, a key's new
   * owner or backup when the receivers change): a provider's delivery with one of them is a duplicate. A key already
   * here keeps the later of the two first-seen times. Completes once committed.
   *
   * @throws UnsupportedOperationException from a store that several receivers share
   */
  default CompletableFuture<Void> adoptDedupKeys(List<DedupKey> keys) {
    throw notMovable();
  }

  /**
   * Adds the totals received and delivered ({@link StoreStatistics}) a draining receiver moves here, so an endpoint's
   * status.deliveries does not drop when that one goes, once per {@code transfer} (a resent transfer changes nothing);
   * completes with whether this call added them.
   *
   * @throws UnsupportedOperationException from a store that several receivers share
   */
  default CompletableFuture<Boolean> adoptEndpointTotals(String transfer, List<EndpointTotals> totals) {
    throw notMovable();
  }

  /**
   * Subtracts totals another receiver took over ({@link #adoptEndpointTotals}) from this store's.
   *
   * @throws UnsupportedOperationException from a store that several receivers share
   */
  default CompletableFuture<Void> forgetEndpointTotals(List<EndpointTotals> totals) {
    throw notMovable();
  }

  /** What a store several receivers share throws from the methods that move deliveries between receivers. */
  private static UnsupportedOperationException notMovable() {
    return new UnsupportedOperationException("deliveries move only between receivers with stores of their own");
  }

  @Override
  void close();

  /** A delivery's dedup key as stored: the route's slug, the key, and when it was first seen. */
  record DedupKey(String slug, String key, Instant firstSeen) {}

  /** One endpoint's totals as a store counted them; {@code lastReceivedAt} null when it never received one. */
  record EndpointTotals(String endpoint, long received, long delivered, Instant lastReceivedAt) {}

  /** A claim on a delivery: nobody else claims it before {@code until} unless its outcome is recorded first. */
  record Lease(String owner, Instant until) {}

  /** What {@link #admit} did. */
  sealed interface Admission {

    /** Stored; {@code id} is the store's id of the delivery. */
    record Stored(long id) implements Admission {}

    /** The same {@code (routeSlug, dedupKey)} is already stored within the window: nothing was written. */
    record Duplicate() implements Admission {}
  }

  /** Which dead letters to put back. */
  sealed interface ReplaySelection {

    record One(long id) implements ReplaySelection {}

    record AllOfEndpoint(String endpoint) implements ReplaySelection {}

    /** Every dead letter received at or after {@code since}, of one endpoint or (null) of all. */
    record Since(Instant since, String endpointOrNull) implements ReplaySelection {}
  }
}
