package dev.hookgate.operator.routes;

import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingTable;

/** One endpoint's edit of the routing table: put its route, or remove it. */
public sealed interface RouteChange {

  RoutingTable applyTo(RoutingTable table);

  /** {@code namespace/name} of the endpoint this change edits: a later change of the same endpoint replaces it. */
  String endpointKey();

  static RouteChange put(Route route) {
    return new Put(route);
  }

  static RouteChange remove(String namespace, String name) {
    return new Remove(namespace, name);
  }

  record Put(Route route) implements RouteChange {
    @Override
    public RoutingTable applyTo(RoutingTable table) {
      return table.withRoute(route);
    }

    @Override
    public String endpointKey() {
      return route.endpoint().namespace() + "/" + route.endpoint().name();
    }
  }

  record Remove(String namespace, String name) implements RouteChange {
    @Override
    public RoutingTable applyTo(RoutingTable table) {
      return table.withoutEndpoint(namespace, name);
    }

    @Override
    public String endpointKey() {
      return namespace + "/" + name;
    }
  }
}
