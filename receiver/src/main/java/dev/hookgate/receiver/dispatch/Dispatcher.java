package dev.hookgate.receiver.dispatch;

import dev.hookgate.receiver.CompletionFailures;
import dev.hookgate.receiver.PeriodicTask;
import dev.hookgate.receiver.config.DispatchConfig;
import dev.hookgate.receiver.dispatch.TargetLane.Pending;
import dev.hookgate.receiver.forward.ForwardResult;
import dev.hookgate.receiver.forward.TargetForwarder;
import dev.hookgate.receiver.route.CompiledRoute;
import dev.hookgate.receiver.route.LiveRoutes;
import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.StoreUnavailableException;
import dev.hookgate.receiver.store.StoredDelivery;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes due deliveries from the store and hands them to their targets: claims them (leased to this receiver),
 * looks up each one's current route by slug, sends it through its endpoint's {@link TargetLane}, and records the
 * outcome the {@link AttemptJudge} decides. Order between deliveries is not kept (providers do not keep it either).
 *
 * <p>A delivery just received does not wait for a claim: when there is room and nothing due waits in the store,
 * the receiver {@link #reserve}s a place, admits the delivery already leased to this dispatcher, and
 * {@link Reservation#handOff hands it off} once committed. That saves reading back what is still in memory (a
 * claim, with its write, per delivery). When the store may hold due deliveries, fresh ones queue behind them.
 *
 * <p>One thread claims; sends are non-blocking; outcomes are handed to the store where each send completes (a
 * network thread) and committed by it in the background: no thread waits for an outcome's commit. Until it commits
 * the delivery stays leased, so nothing claims it twice.
 *
 * <p>While this receiver holds a delivery (waiting for a slot at a slow target, or being sent) it renews the lease
 * every third of it, so another replica never takes over a delivery that is still on its way. A delivery whose lease
 * ran out all the same (the store could not be reached to renew it) is not sent: the next claim takes it.
 */
@Context
public class Dispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final String NO_ROUTE = "no route for this delivery's endpoint in this receiver";
  /** The lease time of a delivery held whose lease the store no longer has for this receiver. */
  private static final Instant LAPSED = Instant.MIN;

  private final DeliveryStore store;
  private final LiveRoutes routes;
  private final TargetForwarder forwarder;
  private final AttemptJudge judge;
  private final RetryPolicy policy;
  private final DeliveryMeters meters;
  private final DispatchConfig config;
  private final Clock clock;
  private final String owner = "receiver-" + UUID.randomUUID();
  /**
   * The deliveries being sent or waiting for a slot (not those whose outcome is being written), and until when this
   * receiver's lease on each holds.
   */
  private final Map<Long, Instant> held = new ConcurrentHashMap<>();
  /**
   * Places taken of {@code maxOutstanding}: a delivery holds one from its claim or reservation until its outcome
   * commits (until then its body is in memory).
   */
  private final AtomicInteger outstanding = new AtomicInteger();
  /** Bytes of the bodies of the outstanding deliveries. */
  private final AtomicLong outstandingBodyBytes = new AtomicLong();
  private final Map<String, TargetLane> lanes = new ConcurrentHashMap<>();
  private final Semaphore wake = new Semaphore(0);
  private final Thread claimer;
  private final PeriodicTask leaseRenewer;
  private volatile boolean running = true;
  /** Claims nothing and reserves nothing: the receiver is draining (what it holds still goes out). */
  private volatile boolean paused;
  /** The claimer is waiting because maxOutstanding deliveries (or bytes) are sending or being recorded. */
  private volatile boolean atCapacity;
  /** Due deliveries may wait in the store (the last claim got all it asked for, or one was queued since). */
  private volatile boolean backlog = true;
  private boolean storeFailing;

  public Dispatcher(DeliveryStore store, LiveRoutes routes, TargetForwarder forwarder, AttemptJudge judge,
      RetryPolicy policy, DeliveryMeters meters, DispatchConfig config, Clock clock) {
    this.store = store;
    this.routes = routes;
    this.forwarder = forwarder;
    this.judge = judge;
    this.policy = policy;
    this.meters = meters;
    this.config = config;
    this.clock = clock;
    this.claimer = new Thread(this::claimLoop, "delivery-dispatcher");
    this.claimer.setDaemon(true);
    this.claimer.start();
    this.leaseRenewer = new PeriodicTask("delivery-lease-renewer", "hookgate.dispatch.lease",
        config.lease().dividedBy(3), this::renewLeases);
  }

  /** Deliveries were just queued in the store (stored unleased, or replayed): look for due work now. */
  public void wake() {
    backlog = true;
    // At capacity there is nothing to claim into: the place given back signals (a wake-up per delivery admitted
    // while the dispatcher was full cost 5 us of CPU each, on a dispatcher thread woken for nothing).
    if (!atCapacity) {
      signal();
    }
  }

  private void signal() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  /**
   * A place for a delivery about to be admitted with {@link Reservation#lease()}, sent as soon as it commits. Empty
   * when this dispatcher is at its {@code maxOutstanding} (or bytes), closing, or when due deliveries may be
   * waiting in the store: the delivery is then admitted without a lease and claimed in its turn.
   */
  public Optional<Reservation> reserve(int bodyBytes) {
    if (!running || paused || backlog || take(1) == 0) {
      return Optional.empty();
    }
    long bytes = outstandingBodyBytes.addAndGet(bodyBytes);
    if (bytes > config.maxOutstandingBytes() && bytes != bodyBytes) {
      giveBackPlaces(1, bodyBytes);
      return Optional.empty();
    }
    return Optional.of(new Reservation(new DeliveryStore.Lease(owner, clock.instant().plus(config.lease())),
        bodyBytes));
  }

  /** Takes up to {@code wanted} places of {@code maxOutstanding}; returns how many it got. */
  private int take(int wanted) {
    while (true) {
      int taken = outstanding.get();
      int granted = Math.min(wanted, config.maxOutstanding() - taken);
      if (granted <= 0) {
        return 0;
      }
      if (outstanding.compareAndSet(taken, taken + granted)) {
        return granted;
      }
    }
  }

  /** Gives back places (and body bytes) no delivery holds any more. */
  private void giveBackPlaces(int places, long bodyBytes) {
    outstanding.addAndGet(-places);
    outstandingBodyBytes.addAndGet(-bodyBytes);
    if (atCapacity) {
      signal();
    }
  }

  /** A place reserved for one delivery; exactly one of {@link #handOff} or {@link #cancel} follows. */
  public final class Reservation {

    private final DeliveryStore.Lease lease;
    private final int bodyBytes;

    private Reservation(DeliveryStore.Lease lease, int bodyBytes) {
      this.lease = lease;
      this.bodyBytes = bodyBytes;
    }

    /** What to admit the delivery with. */
    public DeliveryStore.Lease lease() {
      return lease;
    }

    /** The delivery was committed with {@link #lease()}: send it (on the calling thread, which must not block). */
    public void handOff(StoredDelivery delivery) {
      if (held.putIfAbsent(delivery.id(), lease.until()) == null) {
        dispatch(delivery);
      } else {
        cancel();
      }
    }

    /** The delivery was not stored under this reservation (a duplicate, or the store failed). */
    public void cancel() {
      giveBackPlaces(1, bodyBytes);
    }
  }

  /**
   * Stops taking new work (while this receiver drains: another receiver delivers what is still queued here), or
   * starts again. Deliveries already claimed or being sent still finish here.
   */
  public void pause(boolean pause) {
    paused = pause;
    if (!pause) {
      wake();
    }
  }

  /** Deliveries claimed or reserved whose outcome is not committed yet. */
  public int outstanding() {
    return outstanding.get();
  }

  /** Lifts a 410 stop or an overload pause of {@code endpoint}: replayed deliveries go out at once. */
  public void resume(String endpoint) {
    TargetLane lane = lanes.get(endpoint);
    if (lane != null) {
      lane.resume();
    }
    wake();
  }

  /** Endpoints whose target answered 410 Gone, and why: their deliveries are dead-lettered unsent. */
  public Map<String, String> stoppedEndpoints() {
    Map<String, String> stopped = new TreeMap<>();
    lanes.forEach((endpoint, lane) -> {
      String reason = lane.stoppedReason();
      if (reason != null) {
        stopped.put(endpoint, reason);
      }
    });
    return stopped;
  }

  private void claimLoop() {
    while (running) {
      // Until the routes file is loaded every delivery would look routeless: wait for it.
      boolean loaded = routes.snapshot().loadedAt() != null;
      long roomForBodies = config.maxOutstandingBytes() - outstandingBodyBytes.get();
      int wanted = !loaded || paused || roomForBodies <= 0 ? 0 : take(config.claimBatch());
      atCapacity = loaded && !paused && wanted <= 0;
      List<StoredDelivery> claimed = List.of();
      Instant claimedAt = clock.instant();
      try {
        if (wanted > 0) {
          claimed = store.claim(owner, wanted, roomForBodies, claimedAt, config.lease());
        }
        if (storeFailing) {
          storeFailing = false;
          LOG.info("The delivery store answers again: dispatching resumes");
        }
      } catch (StoreUnavailableException e) {
        if (!storeFailing) {
          storeFailing = true;
          LOG.warn("Cannot claim deliveries, the store is unavailable (retrying quietly): {}", e.getMessage());
        }
      } catch (RuntimeException e) {
        LOG.error("Unexpected failure claiming deliveries", e);
      }
      int unused = wanted;
      Instant leaseUntil = claimedAt.plus(config.lease());
      for (StoredDelivery delivery : claimed) {
        if (held.putIfAbsent(delivery.id(), leaseUntil) == null) {
          unused--;
          outstandingBodyBytes.addAndGet(delivery.delivery().body().length);
          dispatch(delivery);
        } else {
          // Our own lease ran out while we still hold it (renewals failed): not twice, but it is ours again.
          held.replace(delivery.id(), leaseUntil);
        }
      }
      if (unused > 0) {
        giveBackPlaces(unused, 0);
      }
      if (wanted > 0 && claimed.size() < wanted && outstandingBodyBytes.get() < config.maxOutstandingBytes()) {
        backlog = false; // nothing more is due now (a wake() says when that changes)
      }
      if (wanted <= 0 || claimed.size() < wanted) {
        awaitWork();
      }
    }
  }

  private void awaitWork() {
    try {
      wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
      wake.drainPermits();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private void dispatch(StoredDelivery delivery) {
    Instant now = clock.instant();
    Optional<CompiledRoute> route = routes.routes().forSlug(delivery.delivery().routeSlug());
    if (route.isEmpty()) {
      record(delivery, null, delivery.attempts() + 1, ForwardResult.failed(NO_ROUTE), 0);
      return;
    }
    Pending pending = new Pending(delivery, route.get());
    TargetLane lane = lanes.computeIfAbsent(delivery.delivery().endpoint(), endpoint -> new TargetLane(policy));
    TargetLane.Admission admission = lane.offer(pending, now);
    if (admission instanceof TargetLane.Admission.Start) {
      send(pending, lane);
    } else if (admission instanceof TargetLane.Admission.Postpone postpone) {
      giveBack(delivery, postpone.until());
    } else if (admission instanceof TargetLane.Admission.Stopped stopped) {
      stop(delivery, stopped.reason());
    }
  }

  /** Sends {@code first}, or, when its lease ran out, the next delivery waiting in the lane whose lease holds. */
  private void send(Pending first, TargetLane lane) {
    Pending pending = first;
    while (pending != null && !leaseHolds(pending.delivery())) {
      abandon(pending.delivery());
      pending = next(lane);
    }
    if (pending != null) {
      start(pending, lane);
    }
  }

  private void start(Pending pending, TargetLane lane) {
    StoredDelivery delivery = pending.delivery();
    int attempt = delivery.attempts() + 1;
    long started = System.nanoTime();
    try {
      forwarder.forward(pending.route().route(), delivery, attempt).whenComplete((result, error) -> {
        ForwardResult outcome = error == null ? result
            : ForwardResult.failed(error.getClass().getSimpleName());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        lane.observe(outcome, clock.instant());
        record(delivery, pending.route(), attempt, outcome, millis);
        finished(lane);
      });
    } catch (RuntimeException e) {
      record(delivery, pending.route(), attempt, ForwardResult.failed(e.getClass().getSimpleName()), 0);
      finished(lane);
    }
  }

  private void finished(TargetLane lane) {
    Pending next = next(lane);
    if (next != null) {
      send(next, lane);
    }
  }

  /**
   * A delivery of {@code lane} finished: returns the waiting one that takes its slot, or null. When the lane is
   * paused or stopped, its waiting deliveries go back to the store (or become dead letters) instead.
   */
  private Pending next(TargetLane lane) {
    List<Pending> giveBack = new ArrayList<>();
    Pending next = lane.finished(clock.instant(), giveBack);
    for (Pending waiting : giveBack) {
      String stopped = lane.stoppedReason();
      if (stopped != null) {
        stop(waiting.delivery(), stopped);
      } else {
        giveBack(waiting.delivery(), lane.throttledUntil());
      }
    }
    return next;
  }

  private boolean leaseHolds(StoredDelivery delivery) {
    Instant until = held.get(delivery.id());
    return until != null && until.isAfter(clock.instant());
  }

  /**
   * Drops a delivery whose lease ran out before its send could start: another replica may have claimed it by now.
   * Nothing is written; once the lease has run out the delivery is due for any claimer, this one included.
   */
  private void abandon(StoredDelivery delivery) {
    release(delivery);
    giveBackPlaces(1, delivery.delivery().body().length);
    LOG.warn("Delivery {} of {} not sent: this receiver's lease on it ran out before its turn (it could not be"
        + " renewed, or another receiver took the delivery over); the next claim takes it", delivery.id(),
        delivery.delivery().endpoint());
  }

  /**
   * Extends the leases on the deliveries this receiver holds. One the store no longer has leased to us (taken over
   * after its lease ran out during a store outage) is marked lapsed, so it is not sent if it has not started yet.
   */
  private void renewLeases() {
    Map<Long, Instant> holding = new HashMap<>(held);
    holding.values().removeIf(LAPSED::equals);
    if (holding.isEmpty()) {
      return;
    }
    Instant until = clock.instant().plus(config.lease());
    Set<Long> renewed;
    try {
      renewed = store.renew(owner, holding.keySet(), until);
    } catch (StoreUnavailableException e) {
      LOG.warn("Could not renew the leases on {} deliveries held by this receiver: {}", holding.size(),
          e.getMessage());
      return;
    }
    int lapsed = 0;
    for (Map.Entry<Long, Instant> lease : holding.entrySet()) {
      Long id = lease.getKey();
      if (renewed.contains(id)) {
        held.replace(id, lease.getValue(), until);
      } else if (held.replace(id, lease.getValue(), LAPSED)) { // unless it finished, or was claimed again
        lapsed++;
      }
    }
    if (lapsed > 0) {
      LOG.warn("Lost the leases on {} deliveries held by this receiver: the ones not yet sent are left to the"
          + " next claim", lapsed);
    }
  }

  private void record(StoredDelivery delivery, CompiledRoute route, int attempt, ForwardResult result,
      long millis) {
    Instant now = clock.instant();
    String endpoint = delivery.delivery().endpoint();
    Duration retryFor = route == null ? config.retryFor()
        : Duration.ofSeconds(route.route().target().retryForSeconds());
    Decision decision = judge.judge(result, delivery, attempt, retryFor, now);
    AttemptRecord record = new AttemptRecord(attempt, now, result.statusCode(), result.detail(), millis);
    release(delivery);
    if (decision instanceof Decision.Delivered) {
      Duration latency = Duration.between(delivery.receivedAt(), now);
      whenCommitted(() -> store.delivered(delivery.id(), record), "record the outcome of", delivery,
          () -> meters.delivered(endpoint, latency));
      return;
    }
    meters.failed(endpoint);
    if (decision instanceof Decision.Retry retry) {
      TargetLane lane = lanes.get(endpoint);
      Instant at = lane != null && lane.throttledUntil().isAfter(retry.at()) ? lane.throttledUntil() : retry.at();
      whenCommitted(() -> store.retryLater(delivery.id(), record, at), "record the outcome of", delivery, () -> { });
    } else {
      String reason = ((Decision.DeadLetter) decision).reason();
      whenCommitted(() -> store.deadLetter(delivery.id(), new AttemptRecord(attempt, now, result.statusCode(), reason,
          millis)), "record the outcome of", delivery, () -> meters.deadLettered(endpoint));
      LOG.warn("Delivery {} of {} is a dead letter: {}", delivery.id(), endpoint, reason);
    }
  }

  /**
   * Counts a committed outcome; logs one the store could not commit, which leaves the delivery leased: it is
   * claimed again once its lease runs out (at least once, maybe twice). Until the write completes it counts against
   * {@code maxOutstanding}, so a store slower at recording outcomes than targets are at answering slows claiming
   * down instead of piling up deliveries in memory.
   */
  private void whenCommitted(Supplier<CompletableFuture<Void>> write, String what, StoredDelivery delivery,
      Runnable committed) {
    CompletableFuture<Void> written;
    try {
      written = write.get();
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    written.whenComplete((ok, error) -> {
      giveBackPlaces(1, delivery.delivery().body().length);
      if (error == null) {
        committed.run();
      } else {
        Throwable cause = CompletionFailures.cause(error);
        LOG.warn("Could not {} delivery {}: {}", what, delivery.id(), cause.getMessage());
      }
    });
  }

  /**
   * Forgets a delivery we held, just before its outcome is written: until that write commits it stays leased (not
   * claimable), and once it commits a claim must be free to take it again. It keeps its place among
   * {@code maxOutstanding} until {@link #whenCommitted} hears the write end.
   */
  private void release(StoredDelivery delivery) {
    held.remove(delivery.id());
  }

  private void giveBack(StoredDelivery delivery, Instant until) {
    release(delivery);
    whenCommitted(() -> store.postpone(delivery.id(), until), "postpone", delivery, () -> { });
  }

  private void stop(StoredDelivery delivery, String reason) {
    Instant now = clock.instant();
    release(delivery);
    whenCommitted(() -> store.deadLetter(delivery.id(), new AttemptRecord(delivery.attempts() + 1, now, 0,
        "not sent: " + reason, 0)), "dead-letter", delivery, () -> meters.deadLettered(delivery.delivery().endpoint()));
  }

  @PreDestroy
  @Override
  public void close() {
    running = false;
    leaseRenewer.close();
    wake.release();
    try {
      claimer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
