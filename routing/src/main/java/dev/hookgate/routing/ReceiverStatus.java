package dev.hookgate.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What one receiver pod reports on its internal port ({@code GET /internal/routes}): the routes it serves now,
 * each with the endpoint generation it was compiled from, so the operator can tell when a spec change is live.
 *
 * @param loadedAt when the routing table now in use was loaded; null before any table was loaded
 * @param loadError why the latest routes file was refused (the previous table stays in use); null when fine
 * @param routes one entry per route served
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReceiverStatus(Instant loadedAt, String loadError, List<ServedRoute> routes) {

  public ReceiverStatus {
    routes = routes == null ? List.of() : List.copyOf(routes);
  }

  /**
   * @param lastEventTime when this receiver last accepted a verified delivery for the route; null if never
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServedRoute(String slug, EndpointRef endpoint, Instant lastEventTime) {}
}
