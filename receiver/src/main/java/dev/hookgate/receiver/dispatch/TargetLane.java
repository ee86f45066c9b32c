package dev.hookgate.receiver.dispatch;

import dev.hookgate.receiver.forward.ForwardResult;
import dev.hookgate.receiver.route.CompiledRoute;
import dev.hookgate.receiver.store.StoredDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * One endpoint's traffic to its target: at most {@code maxConcurrency} deliveries in flight, a short queue of
 * claimed ones waiting for a slot, a pause after the target said it is overloaded (429, 502, 503, 504: every
 * delivery of the endpoint waits, not just the one that failed), and a stop after it said 410 Gone (until the
 * endpoint's spec changes or its dead letters are replayed). Thread-safe.
 */
final class TargetLane {

  private static final Set<Integer> THROTTLING = Set.of(429, 502, 503, 504);
  /** Claimed deliveries wait here for a slot (cheap) rather than go back to the store (a write each). */
  private static final int WAITING_PER_SLOT = 32;

  /** A claimed delivery and the route it goes out on. */
  record Pending(StoredDelivery delivery, CompiledRoute route) {}

  /** What to do with a delivery offered to the lane. */
  sealed interface Admission {
    record Start() implements Admission {}

    record Queued() implements Admission {}

    record Postpone(Instant until) implements Admission {}

    record Stopped(String reason) implements Admission {}
  }

  private final RetryPolicy policy;
  private final Deque<Pending> waiting = new ArrayDeque<>();
  private int maxConcurrency = 1;
  private long generation;
  private int inFlight;
  private Instant throttledUntil = Instant.MIN;
  private int throttleStreak;
  private String stoppedReason;
  private long stoppedAtGeneration;

  TargetLane(RetryPolicy policy) {
    this.policy = policy;
  }

  synchronized Admission offer(Pending pending, Instant now) {
    follow(pending.route());
    if (stoppedReason != null) {
      return new Admission.Stopped(stoppedReason);
    }
    if (throttledUntil.isAfter(now)) {
      return new Admission.Postpone(throttledUntil);
    }
    if (inFlight < maxConcurrency) {
      inFlight++;
      return new Admission.Start();
    }
    if (waiting.size() < maxConcurrency * WAITING_PER_SLOT) {
      waiting.add(pending);
      return new Admission.Queued();
    }
    return new Admission.Postpone(now.plusSeconds(1));
  }

  /** A new generation of the endpoint (its spec changed) lifts a 410 stop; limits follow the route. */
  private void follow(CompiledRoute route) {
    long routeGeneration = route.route().endpoint().generation();
    if (routeGeneration != generation) {
      generation = routeGeneration;
      if (stoppedReason != null && stoppedAtGeneration != routeGeneration) {
        stoppedReason = null;
      }
    }
    maxConcurrency = route.route().target().maxConcurrency();
  }

  /** Learns from an attempt's result: overload pauses the lane, 410 stops it, success clears the pause streak. */
  synchronized void observe(ForwardResult result, Instant now) {
    if (result.delivered()) {
      throttleStreak = 0;
    } else if (result.statusCode() == AttemptJudge.GONE) {
      stoppedReason = "the target answered 410 Gone: deliveries to this endpoint stopped";
      stoppedAtGeneration = generation;
    } else if (THROTTLING.contains(result.statusCode())) {
      throttleStreak++;
      Duration pause = result.retryAfter() != null ? result.retryAfter() : policy.backoff(throttleStreak);
      Instant until = now.plus(pause);
      if (until.isAfter(throttledUntil)) {
        throttledUntil = until;
      }
    }
  }

  /** When deliveries may go again; {@link Instant#MIN} when not paused. */
  synchronized Instant throttledUntil() {
    return throttledUntil;
  }

  /**
   * One delivery finished. Returns the waiting delivery that takes its slot, or, when the lane is paused or
   * stopped, none: the waiting ones are then in {@code giveBack}.
   */
  synchronized Pending finished(Instant now, List<Pending> giveBack) {
    inFlight--;
    if (stoppedReason != null || throttledUntil.isAfter(now)) {
      giveBack.addAll(waiting);
      waiting.clear();
      return null;
    }
    Pending next = waiting.poll();
    if (next != null) {
      inFlight++;
    }
    return next;
  }

  /** Why the lane stopped (410); null when it did not. */
  synchronized String stoppedReason() {
    return stoppedReason;
  }

  /** Lifts a stop and a pause: an operator asked for the endpoint's deliveries again. */
  synchronized void resume() {
    stoppedReason = null;
    throttledUntil = Instant.MIN;
    throttleStreak = 0;
  }
}
