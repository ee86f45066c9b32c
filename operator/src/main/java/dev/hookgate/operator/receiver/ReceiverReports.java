package dev.hookgate.operator.receiver;

import dev.hookgate.routing.ReceiverStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The receivers' status reports, fetched at most once per {@code maxAge} and shared by all reconciles: a caller
 * that finds reports younger than {@code maxAge} (measured from when their fetch started) gets them; a caller that
 * arrives while a fetch is in flight gets the previous reports if there are any (reconcile threads must not queue
 * behind a fetch: with a thousand routes a report is half a megabyte) and otherwise waits for that fetch instead
 * of starting another. A receiver that did not
 * answer is an empty report, cached like any other for {@code maxAge} only; a fetch that throws is not cached.
 * Thread-safe.
 */
public final class ReceiverReports {

  private final ReceiverFleet fleet;
  private final Function<List<URI>, List<Optional<ReceiverStatus>>> fetchAll;
  private final Clock clock;
  private final Duration maxAge;
  private final BiConsumer<List<URI>, List<Optional<ReceiverStatus>>> fetched;

  private final Object lock = new Object();
  /** The latest completed fetch; guarded by {@link #lock}. */
  private Snapshot latest;
  /** The fetch in flight, if any; guarded by {@link #lock}. */
  private CompletableFuture<Snapshot> inFlight;

  public ReceiverReports(
      ReceiverFleet fleet,
      Function<List<URI>, List<Optional<ReceiverStatus>>> fetchAll,
      Clock clock,
      Duration maxAge) {
    this(fleet, fetchAll, clock, maxAge, (receivers, reports) -> { });
  }

  /** @param fetched told what each fetch found, in the order of the receivers asked */
  public ReceiverReports(
      ReceiverFleet fleet,
      Function<List<URI>, List<Optional<ReceiverStatus>>> fetchAll,
      Clock clock,
      Duration maxAge,
      BiConsumer<List<URI>, List<Optional<ReceiverStatus>>> fetched) {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.fetchAll = Objects.requireNonNull(fetchAll, "fetchAll");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.fetched = Objects.requireNonNull(fetched, "fetched");
  }

  public ReceiverReports(ReceiverFleet fleet, ReceiverStatusClient client, Clock clock, Duration maxAge,
      BiConsumer<List<URI>, List<Optional<ReceiverStatus>>> fetched) {
    this(fleet, client::fetchAll, clock, maxAge, fetched);
  }

  /**
   * The reports of one fetch, one entry per listed receiver, in order; empty for a receiver that did not answer with
   * a readable report.
   *
   * @param ready of the ready receivers ({@link ReceiverFleet#receivers})
   * @param notReady of those that run but are not ready ({@link ReceiverFleet#notReady}): they still hold deliveries
   */
  public record Reports(List<Optional<ReceiverStatus>> ready, List<Optional<ReceiverStatus>> notReady) {

    public Reports {
      ready = List.copyOf(ready);
      notReady = List.copyOf(notReady);
    }
  }

  public Reports current() {
    CompletableFuture<Snapshot> future;
    Instant started;
    synchronized (lock) {
      Instant now = clock.instant();
      if (latest != null && now.isBefore(latest.startedAt().plus(maxAge))) {
        return latest.reports();
      }
      if (inFlight != null && latest != null) {
        return latest.reports();
      }
      if (inFlight != null) {
        future = inFlight;
        started = null;
      } else {
        future = new CompletableFuture<>();
        inFlight = future;
        started = now;
      }
    }
    if (started != null) {
      fetch(future, started);
    }
    try {
      return future.join().reports();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void fetch(CompletableFuture<Snapshot> future, Instant started) {
    Snapshot snapshot;
    try {
      List<URI> ready = fleet.receivers();
      List<URI> all = new ArrayList<>(ready);
      all.addAll(fleet.notReady());
      List<Optional<ReceiverStatus>> answers = fetchAll.apply(all);
      fetched.accept(all, answers);
      snapshot = new Snapshot(started, new Reports(answers.subList(0, ready.size()),
          answers.subList(ready.size(), answers.size())));
    } catch (RuntimeException | Error e) {
      synchronized (lock) {
        inFlight = null;
      }
      future.completeExceptionally(e);
      return;
    }
    synchronized (lock) {
      latest = snapshot;
      inFlight = null;
    }
    future.complete(snapshot);
  }

  private record Snapshot(Instant startedAt, Reports reports) {}
}
