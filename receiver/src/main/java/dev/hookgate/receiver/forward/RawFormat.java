package dev.hookgate.receiver.forward;

import dev.hookgate.receiver.store.StoredDelivery;
import dev.hookgate.routing.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The provider's headers as received (hop-by-hop ones already dropped) plus {@code X-Hookgate-*} headers. */
final class RawFormat implements DeliveryFormat {

  static final String ENDPOINT = "X-Hookgate-Endpoint";
  static final String EVENT_TYPE = "X-Hookgate-Event-Type";
  static final String DELIVERY_ID = "X-Hookgate-Delivery-Id";
  static final String ATTEMPT = "X-Hookgate-Attempt";

  @Override
  public Map<String, List<String>> headers(Route route, StoredDelivery delivery, int attempt) {
    Map<String, List<String>> headers = new LinkedHashMap<>(delivery.delivery().headers());
    headers.put(ENDPOINT, List.of(delivery.delivery().endpoint()));
    if (delivery.delivery().eventType() != null) {
      headers.put(EVENT_TYPE, List.of(delivery.delivery().eventType()));
    }
    headers.put(DELIVERY_ID, List.of(DeliveryFormat.deliveryId(delivery)));
    headers.put(ATTEMPT, List.of(String.valueOf(attempt)));
    return headers;
  }
}
