package dev.hookgate.receiver.http;

import dev.hookgate.receiver.dispatch.Dispatcher;
import dev.hookgate.receiver.route.LiveRoutes;
import dev.hookgate.receiver.route.RouteActivity;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.StoreGauges;
import dev.hookgate.receiver.store.StoreStatistics;
import dev.hookgate.routing.ReceiverStatus;
import dev.hookgate.routing.RoutingJson;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;

/**
 * {@code GET /internal/routes} on the management port: the routes this pod serves, their generations and their
 * endpoints' delivery counts (with the store's id when other receivers share it, and why the store takes no
 * deliveries when it does not), for the operator (which parses it with {@link RoutingJson#readStatus}). Replaces
 * Micronaut's own "routes" endpoint.
 */
@Endpoint(id = "routes", defaultSensitive = false)
@Replaces(io.micronaut.management.endpoint.routes.RoutesEndpoint.class)
public class RoutesEndpoint {

  private final LiveRoutes live;
  private final RouteActivity activity;
  private final StoreGauges statistics;
  private final DeliveryStore store;
  private final Dispatcher dispatcher;

  public RoutesEndpoint(LiveRoutes live, RouteActivity activity, StoreGauges statistics, DeliveryStore store,
      Dispatcher dispatcher) {
    this.live = live;
    this.activity = activity;
    this.statistics = statistics;
    this.store = store;
    this.dispatcher = dispatcher;
  }

  @Read(produces = MediaType.APPLICATION_JSON)
  public String status() {
    LiveRoutes.Snapshot snapshot = live.snapshot();
    Map<String, StoreStatistics.EndpointCounts> counts = statistics.statistics().perEndpoint();
    Map<String, String> stopped = dispatcher.stoppedEndpoints();
    ReceiverStatus status = new ReceiverStatus(
        snapshot.loadedAt(),
        snapshot.loadError(),
        snapshot.routes().all().stream()
            .map(compiled -> compiled.route())
            .sorted(Comparator.comparing(route -> route.endpoint().qualifiedName()))
            .map(route -> new ReceiverStatus.ServedRoute(
                route.slug(), route.endpoint(), activity.lastEventTime(route.slug()),
                deliveries(counts.get(route.endpoint().qualifiedName()),
                    stopped.get(route.endpoint().qualifiedName()))))
            .toList(),
        store.sharedId().orElse(null),
        store.cannotTakeDeliveries().orElse(null));
    return new String(RoutingJson.write(status), StandardCharsets.UTF_8);
  }

  private static ReceiverStatus.DeliveryCounts deliveries(StoreStatistics.EndpointCounts counts, String stopped) {
    if (counts == null) {
      return stopped == null ? null : new ReceiverStatus.DeliveryCounts(0, 0, 0, 0, null, null, stopped);
    }
    return new ReceiverStatus.DeliveryCounts(counts.received(), counts.delivered(), counts.pending(),
        counts.deadLettered(), counts.lastReceivedAt(), counts.lastError(), stopped);
  }
}
