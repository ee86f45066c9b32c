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
 */
public record StoredDelivery(long id, NewDelivery delivery, int attempts, State state, String lastError) {

  public enum State {
    PENDING,
    DELIVERED,
    DEAD_LETTERED
  }

  /** When the provider's delivery was received. */
  public Instant receivedAt() {
    return delivery.receivedAt();
  }
}
