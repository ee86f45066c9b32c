package dev.hookgate.receiver.http;

import dev.hookgate.receiver.route.LiveRoutes;
import dev.hookgate.receiver.route.RouteActivity;
import dev.hookgate.routing.ReceiverStatus;
import dev.hookgate.routing.RoutingJson;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * {@code GET /internal/routes} on the management port: the routes this pod serves and their generations, for the
 * operator (which parses it with {@link RoutingJson#readStatus}). Replaces Micronaut's own "routes" endpoint.
 */
@Endpoint(id = "routes", defaultSensitive = false)
@Replaces(io.micronaut.management.endpoint.routes.RoutesEndpoint.class)
public class RoutesEndpoint {

  private final LiveRoutes live;
  private final RouteActivity activity;

  public RoutesEndpoint(LiveRoutes live, RouteActivity activity) {
    this.live = live;
    this.activity = activity;
  }

  @Read(produces = MediaType.APPLICATION_JSON)
  public String status() {
    LiveRoutes.Snapshot snapshot = live.snapshot();
    ReceiverStatus status = new ReceiverStatus(
        snapshot.loadedAt(),
        snapshot.loadError(),
        snapshot.routes().all().stream()
            .map(compiled -> compiled.route())
            .sorted(Comparator.comparing(route -> route.endpoint().qualifiedName()))
            .map(route -> new ReceiverStatus.ServedRoute(
                route.slug(), route.endpoint(), activity.lastEventTime(route.slug())))
            .toList());
    return new String(RoutingJson.write(status), StandardCharsets.UTF_8);
  }
}
