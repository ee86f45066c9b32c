package dev.hookgate.receiver.peer;

import dev.hookgate.receiver.CompletionFailures;
import dev.hookgate.receiver.PeriodicTask;
import dev.hookgate.receiver.config.StoreConfig;
import dev.hookgate.receiver.dispatch.Dispatcher;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.StoreStatistics;
import dev.hookgate.receiver.store.StoreUnavailableException;
import dev.hookgate.receiver.store.StoredDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties this receiver's embedded store into the other receivers before its pod goes away (a StatefulSet scaled
 * down keeps the volume, and with it whatever the pod still held). While draining, the receiver is not ready (the
 * Services stop sending it deliveries), refuses hand-overs from its peers, and its dispatcher takes no new work;
 * every pending delivery and dead letter moves, with its attempts, to the receiver that owns its dedup key once this
 * one is gone (rendezvous over the others), and is deleted here once that receiver committed it; then the dedup keys
 * still in their window are copied to their owners and backups, and the totals received and delivered this store
 * counted move to one of the others (so status.deliveries does not drop). Deliveries already on their way to a
 * target finish here first. Drained: nothing is left in the store that another receiver does not have.
 *
 * <p>Only for embedded stores: receivers sharing PostgreSQL already share one queue.
 */
@Singleton
public final class ReceiverDrain {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiverDrain.class);
  /** How many deliveries are moved at once. */
  static final int BATCH = 32;
  private static final long BATCH_BODY_BYTES = 8L * 1024 * 1024;
  /** Pending deliveries are moved whenever they are next due: the drain claims as if it were this far ahead. */
  private static final Duration EVERY_DUE_TIME = Duration.ofDays(3650);
  private static final Duration PASS_INTERVAL = Duration.ofMillis(250);

  /** Where the receiver is. */
  public enum Phase {
    SERVING,
    DRAINING,
    DRAINED
  }

  /**
   * What a drain did so far.
   *
   * @param moved deliveries now stored by another receiver (pending ones and dead letters)
   * @param duplicates deliveries deleted here because the receiver they went to had their dedup key already
   * @param dedupKeysCopied dedup keys still in their window copied to their keepers among the others (owner and
   *     backup: up to two copies of each)
   * @param pending pending deliveries still here, those on their way to a target included
   * @param problem why the last pass could not move everything; null when it could
   */
  public record Progress(Phase phase, Instant since, long moved, long deadLettersMoved, long duplicates,
      long dedupKeysCopied, long pending, long deadLetters, List<String> movingTo, String problem) {}

  private final DeliveryStore store;
  private final Dispatcher dispatcher;
  private final DedupOwners owners;
  private final PeerHandoff handoff;
  private final String storeType;
  private final boolean peersConfigured;
  private final Clock clock;
  private final String owner = "drain-" + UUID.randomUUID();
  /** Pending deliveries the drain claimed and has not yet moved or given back. */
  private final Set<Long> claimed = ConcurrentHashMap.newKeySet();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong dedupKeysCopied = new AtomicLong();
  private final DedupKeyCopy keyCopy;
  /** Whether every dedup key has been copied since the drain started. */
  private volatile boolean keysCopied;
  /** Deliveries moved, by the state they moved in: the metric, and what the progress reports. */
  private final Counter movedPending;
  private final Counter movedDeadLetters;
  private volatile Phase phase = Phase.SERVING;
  /** Notified on every change of {@link #phase}, for {@link #awaitDrained}. */
  private final Object phaseChanges = new Object();
  private volatile Instant since;
  private volatile long pending;
  private volatile long deadLetters;
  /** Whether the store still counts deliveries received or delivered that no other receiver took over. */
  private volatile boolean totalsLeft;
  /** The totals being moved, with their transfer id and destination, until the other receiver took them (pass only). */
  private TotalsTransfer totalsInFlight;
  private long totalsTransfers;
  private volatile String problem;
  private PeriodicTask passes;

  public ReceiverDrain(DeliveryStore store, Dispatcher dispatcher, DedupOwners owners, PeerHandoff handoff,
      PeerConfig peers, StoreConfig storeConfig, Clock clock, MeterRegistry registry) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.owners = owners;
    this.handoff = handoff;
    this.storeType = storeConfig.type();
    this.peersConfigured = peers.enabled();
    this.clock = clock;
    this.keyCopy = new DedupKeyCopy(store, handoff, storeConfig.dedupWindow(), clock);
    Gauge.builder("hookgate.receiver.draining", this, drain -> drain.draining() ? 1 : 0)
        .description("1 while this receiver drains (or is drained): not ready, its deliveries moving to the others")
        .register(registry);
    this.movedPending = movedCounter(registry, StoredDelivery.State.PENDING);
    this.movedDeadLetters = movedCounter(registry, StoredDelivery.State.DEAD_LETTERED);
  }

  private static Counter movedCounter(MeterRegistry registry, StoredDelivery.State state) {
    return Counter.builder("hookgate.receiver.drain.moved")
        .description("Deliveries a drain moved to another receiver, by the state they moved in")
        .tag("state", state.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }

  /**
   * Waits until this receiver is drained, for at most {@code limit}; returns whether it is. What a receiver stopping
   * (or one that only drains) waits on before it exits.
   */
  public boolean awaitDrained(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (phaseChanges) {
      while (phase != Phase.DRAINED) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(phaseChanges, left);
      }
      return true;
    }
  }

  private void enter(Phase next) {
    synchronized (phaseChanges) {
      phase = next;
      phaseChanges.notifyAll();
    }
  }

  /** Whether this receiver is draining or drained: not ready, and not taking deliveries from its peers. */
  public boolean draining() {
    return phase != Phase.SERVING;
  }

  /** Starts draining (again, a no-op); empty, or why this receiver cannot drain. */
  public synchronized Optional<String> start() {
    if (!StoreConfig.EMBEDDED.equals(storeType)) {
      return Optional.of("this receiver's store is shared (hookgate.store.type=" + storeType + "): the other"
          + " receivers work from the same queue, so there is nothing to drain");
    }
    if (!peersConfigured) {
      return Optional.of("no other receivers are configured (hookgate.peers.dns or .members):"
          + " there is nowhere to move the deliveries");
    }
    if (phase == Phase.SERVING) {
      LOG.info("Draining: this receiver is not ready any more; its deliveries move to the other receivers");
      since = clock.instant();
      problem = null;
      keyCopy.restart();
      keysCopied = false;
      enter(Phase.DRAINING);
      dispatcher.pause(true);
      passes = new PeriodicTask("receiver-drain", "drain interval", PASS_INTERVAL, this::pass);
    }
    return Optional.empty();
  }

  /** Stops draining: ready again, delivering what is left here. */
  public synchronized void cancel() {
    if (phase != Phase.SERVING) {
      passes.close();
      passes = null;
      giveBackClaimed();
      enter(Phase.SERVING);
      dispatcher.pause(false);
      LOG.info("Drain cancelled after moving {} deliveries: this receiver serves again", moved());
    }
  }

  /** How far the drain got, and what is in this receiver's store now (also when it is not draining). */
  public Progress progress() {
    try {
      countOpen();
    } catch (StoreUnavailableException e) {
      // the counts of the last pass, with the problem it had
    }
    return new Progress(phase, since, moved(), (long) movedDeadLetters.count(), duplicates.get(),
        dedupKeysCopied.get(), pending, deadLetters, owners.others(), problem);
  }

  private void countOpen() {
    StoreStatistics statistics = store.statistics(clock.instant());
    pending = statistics.pending();
    deadLetters = statistics.deadLettered();
    totalsLeft = !statistics.totals().isEmpty();
  }

  /** One round: moves what can be moved now, then counts what is left. */
  private void pass() {
    try {
      passOnce();
    } catch (StoreUnavailableException e) {
      problem = "the store is unavailable: " + e.getMessage();
    }
  }

  private void passOnce() {
    giveBackClaimed(); // left over from a pass the store failed in
    List<String> others = owners.others();
    String trouble = null;
    if (others.isEmpty()) {
      trouble = "no other ready receiver to move deliveries to: scale up, or wait for one to be ready";
    } else {
      trouble = movePending(others);
      if (trouble == null) {
        trouble = moveDeadLetters(others);
      }
      if (trouble == null) {
        trouble = copyDedupKeys(others);
      }
      if (trouble == null) {
        trouble = moveTotals(others);
      }
    }
    countOpen();
    if (trouble != null && problem == null) {
      LOG.warn("Draining: {}; trying again every {} ms", trouble, PASS_INTERVAL.toMillis());
    }
    problem = trouble;
    Phase now = pending == 0 && deadLetters == 0 && dispatcher.outstanding() == 0 && keysCopied && !totalsLeft
        ? Phase.DRAINED : Phase.DRAINING;
    if (now != phase && phase != Phase.SERVING) {
      if (now == Phase.DRAINED) {
        LOG.info("Drained: {} deliveries and {} dead letters moved to the other receivers, nothing left here",
            (long) movedPending.count(), (long) movedDeadLetters.count());
      }
      enter(now);
    }
  }

  /** Moves every pending delivery not on its way to a target; returns what stopped it, or null. */
  private String movePending(List<String> others) {
    while (true) {
      Instant now = clock.instant();
      List<StoredDelivery> batch = store.claim(owner, BATCH, BATCH_BODY_BYTES, now.plus(EVERY_DUE_TIME),
          Duration.ofMinutes(1));
      if (batch.isEmpty()) {
        return null;
      }
      batch.forEach(delivery -> claimed.add(delivery.id()));
      String trouble = moveAll(batch, others);
      giveBackClaimed();
      if (trouble != null) {
        return trouble;
      }
    }
  }

  /** Moves every endpoint's dead letters; returns what stopped it, or null. */
  private String moveDeadLetters(List<String> others) {
    for (Map.Entry<String, StoreStatistics.EndpointCounts> endpoint
        : store.statistics(clock.instant()).perEndpoint().entrySet()) {
      if (endpoint.getValue().deadLettered() == 0) {
        continue;
      }
      List<StoredDelivery> batch;
      while (!(batch = store.deadLetters(endpoint.getKey(), BATCH)).isEmpty()) {
        String trouble = moveAll(batch, others);
        if (trouble != null) {
          return trouble;
        }
      }
    }
    return null;
  }

  /** Copies every dedup key still in its window to its owner among {@code others}; returns why not, or null. */
  private String copyDedupKeys(List<String> others) {
    if (keysCopied) {
      return null;
    }
    String trouble = keyCopy.resume(key -> DedupKeyCopy.keepers(others, key), dedupKeysCopied::addAndGet);
    keysCopied = trouble == null;
    return trouble;
  }

  private record TotalsTransfer(String id, URI to, List<DeliveryStore.EndpointTotals> totals) {}

  /**
   * Moves the totals received and delivered this store counted to one of {@code others}, then subtracts them here;
   * returns why not, or null. A transfer that got no answer is sent again as it was (same id, same receiver while
   * that one is still there), so the receiver that took it the first time does not add it twice.
   */
  private String moveTotals(List<String> others) {
    if (totalsInFlight == null || !others.contains(totalsInFlight.to().toString())) {
      List<DeliveryStore.EndpointTotals> totals = totalsInFlight != null ? totalsInFlight.totals()
          : store.statistics(clock.instant()).totals();
      if (totals.isEmpty()) {
        return null;
      }
      totalsInFlight = new TotalsTransfer(owner + "/" + totalsTransfers,
          URI.create(Rendezvous.owner(others, owner)), totals);
    }
    try {
      handoff.moveTotals(totalsInFlight.to(), totalsInFlight.id(), totalsInFlight.totals()).join();
      store.forgetEndpointTotals(totalsInFlight.totals()).join();
    } catch (RuntimeException e) {
      return "could not move the delivery totals: " + CompletionFailures.cause(e).getMessage();
    }
    totalsInFlight = null;
    totalsTransfers++;
    return null;
  }

  /**
   * Moves {@code deliveries} to their owners among {@code others} at the same time and deletes here each one its
   * owner committed; returns the first failure's reason, or null.
   */
  private String moveAll(List<StoredDelivery> deliveries, List<String> others) {
    List<CompletableFuture<String>> moves = new ArrayList<>();
    for (StoredDelivery delivery : deliveries) {
      URI to = URI.create(Rendezvous.owner(others, ownerKey(delivery)));
      CompletableFuture<DeliveryStore.Admission> move;
      try {
        move = handoff.move(to, delivery, store.history(delivery.id()));
      } catch (RuntimeException e) {
        move = CompletableFuture.failedFuture(e);
      }
      moves.add(move
          .thenCompose(admission -> store.forget(delivery.id(), delivery.state()).thenApply(forgotten -> {
            claimed.remove(delivery.id());
            if (forgotten) {
              count(delivery, admission);
            }
            return (String) null;
          }))
          .exceptionally(error -> "could not move delivery " + delivery.id() + " ("
              + delivery.delivery().endpoint() + "): " + CompletionFailures.cause(error).getMessage()));
    }
    String trouble = null;
    for (CompletableFuture<String> move : moves) {
      String failed = move.join();
      if (failed != null && trouble == null) {
        trouble = failed;
      }
    }
    return trouble;
  }

  private void count(StoredDelivery delivery, DeliveryStore.Admission admission) {
    if (admission instanceof DeliveryStore.Admission.Duplicate) {
      duplicates.incrementAndGet();
      return;
    }
    (delivery.state() == StoredDelivery.State.DEAD_LETTERED ? movedDeadLetters : movedPending).increment();
  }

  private long moved() {
    return (long) (movedPending.count() + movedDeadLetters.count());
  }

  /**
   * The same key {@link DedupOwners} hashes, so a delivery lands where the remaining receivers will look for its
   * dedup key once this one is gone; one without a key goes anywhere, spread by its id.
   */
  private String ownerKey(StoredDelivery stored) {
    String dedupKey = stored.delivery().dedupKey();
    return stored.delivery().routeSlug() + '\n' + (dedupKey != null ? dedupKey : owner + '\n' + stored.id());
  }

  /** Puts claimed deliveries that were not moved back in the queue (due at once). */
  private void giveBackClaimed() {
    Instant now = clock.instant();
    for (Long id : List.copyOf(claimed)) {
      try {
        store.postpone(id, now).join();
        claimed.remove(id);
      } catch (RuntimeException e) {
        LOG.warn("Draining: could not give delivery {} back to the queue yet: {}", id, e.getMessage());
        return;
      }
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (passes != null) {
      passes.close();
    }
  }
}
