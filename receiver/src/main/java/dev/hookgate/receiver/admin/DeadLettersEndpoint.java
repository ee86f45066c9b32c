package dev.hookgate.receiver.admin;

import dev.hookgate.receiver.store.DeliveryStore;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import io.micronaut.management.endpoint.annotation.Selector;
import java.util.List;

/**
 * {@code GET /internal/endpoints/{namespace}/{name}/dead-letters} on the management port: the endpoint's dead
 * letters, newest first (at most {@value #LIMIT}), each with its attempts.
 */
@Endpoint(id = "endpoints", defaultSensitive = false)
public class DeadLettersEndpoint {

  static final int LIMIT = 500;

  private final DeliveryStore store;

  public DeadLettersEndpoint(DeliveryStore store) {
    this.store = store;
  }

  @Read(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> deadLetters(@Selector String namespace, @Selector String name, @Selector String list) {
    if (!list.equals("dead-letters")) {
      return HttpResponse.notFound("{\"error\":\"only dead-letters can be listed\"}");
    }
    List<DeliveryView> deadLetters = store.deadLetters(namespace + "/" + name, LIMIT).stream()
        .map(stored -> DeliveryView.of(stored, store.history(stored.id())))
        .toList();
    return HttpResponse.ok(DeliveriesEndpoint.json(deadLetters));
  }
}
