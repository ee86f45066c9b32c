package dev.hookgate.receiver.forward;

import dev.hookgate.receiver.store.StoredDelivery;
import dev.hookgate.routing.Route;
import java.util.List;
import java.util.Map;

/** How a stored delivery is put on the wire to its target: which headers go with the unchanged body bytes. */
interface DeliveryFormat {

  /** The request headers for {@code attempt} (1 for the first) of {@code delivery} to {@code route}'s target. */
  Map<String, List<String>> headers(Route route, StoredDelivery delivery, int attempt);

  /** The id the target sees: the provider's delivery id, or one of ours that stays the same across attempts. */
  static String deliveryId(StoredDelivery delivery) {
    String providerId = delivery.delivery().providerDeliveryId();
    return providerId != null ? providerId : "hookgate-" + delivery.id();
  }
}
