package dev.hookgate.receiver.forward;

import dev.hookgate.receiver.store.StoredDelivery;
import dev.hookgate.routing.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CloudEvents 1.0, HTTP binary content mode: the body unchanged, its content type kept, the event's attributes in
 * {@code ce-*} headers. {@code ce-type} is {@code <provider>.<event type>} ({@code <provider>} alone when the
 * provider names no type); {@code ce-source} names the WebhookEndpoint.
 */
final class CloudEventsFormat implements DeliveryFormat {

  @Override
  public Map<String, List<String>> headers(Route route, StoredDelivery delivery, int attempt) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    delivery.delivery().headers().forEach((name, values) -> {
      if (name.toLowerCase(Locale.ROOT).equals("content-type")) {
        headers.put(name, values);
      }
    });
    String eventType = delivery.delivery().eventType();
    headers.put("ce-specversion", List.of("1.0"));
    headers.put("ce-id", List.of(DeliveryFormat.deliveryId(delivery)));
    headers.put("ce-source", List.of(
        "/namespaces/" + route.endpoint().namespace() + "/webhookendpoints/" + route.endpoint().name()));
    headers.put("ce-type", List.of(delivery.delivery().provider() + (eventType == null ? "" : "." + eventType)));
    headers.put("ce-time", List.of(delivery.receivedAt().toString()));
    headers.put(RawFormat.ATTEMPT, List.of(String.valueOf(attempt)));
    return headers;
  }
}
