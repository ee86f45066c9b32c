package dev.hookgate.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The receiver's whole configuration: one {@link Route} per WebhookEndpoint, keyed by its URL slug.
 *
 * <p>The operator writes it as gzip'd JSON under {@link #SECRET_KEY} in one Secret in the receiver's namespace;
 * the receiver reads it from the file that Secret is mounted as (or plain JSON from a file written by hand in
 * standalone mode). Routes are kept sorted by endpoint so the serialised form is stable.
 */
public record RoutingTable(int formatVersion, List<Route> routes) {

  public static final int FORMAT_VERSION = 1;
  /** The key of the routes Secret, and the file name the receiver reads. */
  public static final String SECRET_KEY = "routes.json.gz";

  private static final Comparator<Route> BY_ENDPOINT =
      Comparator.comparing((Route route) -> route.endpoint().namespace())
          .thenComparing(route -> route.endpoint().name());

  public RoutingTable {
    routes = routes == null ? List.of() : routes.stream().sorted(BY_ENDPOINT).toList();
  }

  public static RoutingTable empty() {
    return new RoutingTable(FORMAT_VERSION, List.of());
  }

  public Optional<Route> routeFor(String namespace, String name) {
    return routes.stream()
        .filter(route -> route.endpoint().namespace().equals(namespace) && route.endpoint().name().equals(name))
        .findFirst();
  }
}
