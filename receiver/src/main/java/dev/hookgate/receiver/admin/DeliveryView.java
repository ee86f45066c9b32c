package dev.hookgate.receiver.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.StoredDelivery;
import java.time.Instant;
import java.util.List;

/**
 * A stored delivery as the admin API shows it: what it is and how its attempts went. Never its headers or body:
 * they may carry a provider's token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryView(
    long id, String endpoint, String provider, String eventType, String providerDeliveryId, String state,
    int attempts, Instant receivedAt, Instant queuedAt, String lastError, List<AttemptRecord> history) {

  static DeliveryView of(StoredDelivery stored, List<AttemptRecord> history) {
    return new DeliveryView(stored.id(), stored.delivery().endpoint(), stored.delivery().provider(),
        stored.delivery().eventType(), stored.delivery().providerDeliveryId(), stored.state().name(),
        stored.attempts(), stored.receivedAt(), stored.queuedAt(), stored.lastError(), history);
  }
}
