package dev.hookgate.receiver.dedup;

import java.time.Instant;

/**
 * Remembers which deliveries of a route were already handed on, so a provider's retry or redelivery of one is
 * not forwarded twice. Mark first, then forward, then say how it went: {@link #handedOn} once the delivery is
 * safe, {@link #forget} when it is not, so the provider's retry goes through instead of being dropped.
 *
 * <p>The in-memory implementation lives as long as the pod; the durable delivery store will implement this
 * interface too.
 */
public interface DeliveryDeduplicator {

  /** What a delivery is, as far as this receiver knows. */
  enum Sighting {
    /** Never seen (or forgotten): now marked in progress; the caller must report how it went. */
    FIRST,
    /** Already handed on within the window: drop it. */
    DUPLICATE,
    /**
     * Another request with the same key is being handed on right now and may still fail: the sender must retry
     * later, since answering 2xx could lose the delivery.
     */
    IN_PROGRESS
  }

  Sighting sight(String routeSlug, String dedupKey, Instant now);

  /** The delivery marked by {@link #sight} is safe: later sightings within the window are duplicates. */
  void handedOn(String routeSlug, String dedupKey, Instant now);

  /** The delivery marked by {@link #sight} was not handed on: the next sighting is a first one again. */
  void forget(String routeSlug, String dedupKey);
}
