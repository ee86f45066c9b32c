package dev.hookgate.operator.routes;

import dev.hookgate.routing.Route;
import java.util.Map;
import java.util.Optional;

/** One endpoint's edit of the routing table: put its route, or remove it. */
public sealed interface RouteChange {

  /** Whether a table with these routes (by {@link #endpointKey}) already reads as if this change were applied. */
  default boolean heldBy(Map<String, Route> routesByEndpoint) {
    return Optional.ofNullable(routesByEndpoint.get(endpointKey())).equals(newRoute());
  }

  /** The endpoint's route after this change; empty when the change removes it. */
  Optional<Route> newRoute();

  String namespace();

  String name();

  /** {@code namespace/name} of the endpoint this change edits: a later change of the same endpoint replaces it. */
  default String endpointKey() {
    return keyOf(namespace(), name());
  }

  static String keyOf(String namespace, String name) {
    return namespace + "/" + name;
  }

  static String keyOf(Route route) {
    return keyOf(route.endpoint().namespace(), route.endpoint().name());
  }

  static RouteChange put(Route route) {
    return new Put(route);
  }

  static RouteChange remove(String namespace, String name) {
    return new Remove(namespace, name);
  }

  record Put(Route route) implements RouteChange {
    @Override
    public Optional<Route> newRoute() {
      return Optional.of(route);
    }

    @Override
    public String namespace() {
      return route.endpoint().namespace();
    }

    @Override
    public String name() {
      return route.endpoint().name();
    }
  }

  record Remove(String namespace, String name) implements RouteChange {
    @Override
    public Optional<Route> newRoute() {
      return Optional.empty();
    }
  }
}
