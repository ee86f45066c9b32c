package dev.hookgate.receiver.admin;

import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.routing.RoutingJson;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import io.micronaut.management.endpoint.annotation.Selector;
import java.nio.charset.StandardCharsets;

/** {@code GET /internal/deliveries/{id}} on the management port: one delivery and its attempts; 404 if unknown. */
@Endpoint(id = "deliveries", defaultSensitive = false)
public class DeliveriesEndpoint {

  private final DeliveryStore store;

  public DeliveriesEndpoint(DeliveryStore store) {
    this.store = store;
  }

  @Read(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> delivery(@Selector long id) {
    return store.find(id)
        .map(stored -> HttpResponse.ok(json(DeliveryView.of(stored, store.history(id)))))
        .orElseGet(() -> HttpResponse.notFound("{\"error\":\"no such delivery\"}"));
  }

  static String json(Object value) {
    return new String(RoutingJson.write(value), StandardCharsets.UTF_8);
  }
}
