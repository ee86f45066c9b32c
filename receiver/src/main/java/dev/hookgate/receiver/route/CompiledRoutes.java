package dev.hookgate.receiver.route;

import dev.hookgate.receiver.verify.ProviderVerifiers;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingTable;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** An immutable routing table, compiled in full before it is published, keyed by slug. */
public final class CompiledRoutes {

  private static final CompiledRoutes EMPTY = new CompiledRoutes(Map.of());

  private final Map<String, CompiledRoute> bySlug;

  private CompiledRoutes(Map<String, CompiledRoute> bySlug) {
    this.bySlug = Map.copyOf(bySlug);
  }

  public static CompiledRoutes empty() {
    return EMPTY;
  }

  /**
   * @throws IllegalArgumentException naming the endpoint whose route cannot be served (never a secret)
   */
  public static CompiledRoutes compile(RoutingTable table, ProviderVerifiers verifiers) {
    Map<String, CompiledRoute> bySlug = new HashMap<>();
    for (Route route : table.routes()) {
      CompiledRoute compiled;
      try {
        compiled = new CompiledRoute(route, verifiers.forProvider(route.provider()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("route of " + route.endpoint() + ": " + e.getMessage(), null);
      }
      if (bySlug.putIfAbsent(route.slug(), compiled) != null) {
        throw new IllegalArgumentException("slug of " + route.endpoint() + " is used by another route too");
      }
    }
    return new CompiledRoutes(bySlug);
  }

  public Optional<CompiledRoute> forSlug(String slug) {
    return Optional.ofNullable(bySlug.get(slug));
  }

  public Collection<CompiledRoute> all() {
    return bySlug.values();
  }
}
