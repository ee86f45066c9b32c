package dev.hookgate.receiver.store;

import java.time.Instant;

/**
 * A delivery as the store holds it.
 *
 * @param id the store's id
 * @param delivery what was received
 * @param attempts how many attempts were made so far
 * @param state where it is in its life
 * @param lastError the last attempt's failure, for people; null when none failed
 * @param queuedAt when the delivery last entered the queue: its {@code receivedAt}, or the time of its latest
 *     replay. The dispatcher counts {@code retryFor} from here, so a replayed dead letter gets a fresh period.
 */
public record StoredDelivery(
    long id, NewDelivery delivery, int attempts, State state, String lastError, Instant queuedAt) {

  public enum State {
    PENDING,
    DELIVERED,
    DEAD_LETTERED
  }

  public StoredDelivery {
    queuedAt = queuedAt == null ? delivery.receivedAt() : queuedAt;
  }

  /** A delivery never replayed: queued when it was received. */
  public StoredDelivery(long id, NewDelivery delivery, int attempts, State state, String lastError) {
    this(id, delivery, attempts, state, lastError, delivery.receivedAt());
  }

  /** When the provider's delivery was received. */
  public Instant receivedAt() {
    return delivery.receivedAt();
  }
}
