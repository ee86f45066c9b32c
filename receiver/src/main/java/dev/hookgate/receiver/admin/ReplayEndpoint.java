package dev.hookgate.receiver.admin;

import dev.hookgate.receiver.dispatch.Dispatcher;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.DeliveryStore.ReplaySelection;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Write;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * {@code POST /internal/replay} on the management port, a JSON object with one of: {@code {"id": 42}} (one dead
 * letter), {@code {"endpoint": "ns/name"}} (all of an endpoint's), {@code {"since": "2026-01-01T00:00:00Z"}}
 * (every dead letter received since then; with {@code endpoint}, only that endpoint's). Answers how many went back
 * into the queue. Replaying an endpoint also lifts its 410 stop.
 */
@Endpoint(id = "replay", defaultSensitive = false)
public class ReplayEndpoint {

  private final DeliveryStore store;
  private final Dispatcher dispatcher;
  private final Clock clock;

  public ReplayEndpoint(DeliveryStore store, Dispatcher dispatcher, Clock clock) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.clock = clock;
  }

  @Write(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> replay(@Nullable Long id, @Nullable String endpoint, @Nullable String since) {
    ReplaySelection selection;
    String resumed = endpoint;
    if (id != null) {
      selection = new ReplaySelection.One(id);
      resumed = store.find(id).map(stored -> stored.delivery().endpoint()).orElse(null);
    } else if (since != null) {
      try {
        selection = new ReplaySelection.Since(Instant.parse(since), endpoint);
      } catch (DateTimeParseException e) {
        return HttpResponse.badRequest("{\"error\":\"since is not an RFC 3339 time, e.g. 2026-01-01T00:00:00Z\"}");
      }
    } else if (endpoint != null) {
      selection = new ReplaySelection.AllOfEndpoint(endpoint);
    } else {
      return HttpResponse.badRequest("{\"error\":\"give id, endpoint or since\"}");
    }
    if (resumed != null) {
      dispatcher.resume(resumed);
    } else if (id == null) {
      store.statistics(clock.instant()).perEndpoint().keySet().forEach(dispatcher::resume);
    }
    int replayed = store.replay(selection, clock.instant());
    dispatcher.wake();
    return HttpResponse.ok(DeliveriesEndpoint.json(Map.of("replayed", replayed)));
  }
}
