package dev.hookgate.receiver.route;

import dev.hookgate.receiver.verify.ProviderVerifiers;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable routing table, compiled in full before it is published, keyed by slug. A route that cannot be
 * compiled (bad CIDR, bad filter, unusable secret, duplicate slug) keeps the version the previous table served
 * for its slug, or is left out if there was none, and is named in {@link #problems()}: one endpoint's mistake
 * never stops the other routes from loading, nor cuts off a route that was working.
 */
public final class CompiledRoutes {

  private static final CompiledRoutes EMPTY = new CompiledRoutes(Map.of(), List.of());

  private final Map<String, CompiledRoute> bySlug;
  private final List<String> problems;

  private CompiledRoutes(Map<String, CompiledRoute> bySlug, List<String> problems) {
    this.bySlug = Map.copyOf(bySlug);
    this.problems = List.copyOf(problems);
  }

  public static CompiledRoutes empty() {
    return EMPTY;
  }

  public static CompiledRoutes compile(RoutingTable table, ProviderVerifiers verifiers, CompiledRoutes previous) {
    Map<String, CompiledRoute> bySlug = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (Route route : table.routes()) {
      if (bySlug.containsKey(route.slug())) {
        problems.add("route of " + route.endpoint() + " not served: its slug is used by another route too");
        continue;
      }
      try {
        bySlug.put(route.slug(), new CompiledRoute(route, verifiers.forProvider(route.provider())));
      } catch (IllegalArgumentException e) {
        // Messages from the route checks name settings, never secret values.
        Optional<CompiledRoute> served = previous.forSlug(route.slug())
            .filter(old -> old.route().endpoint().qualifiedName().equals(route.endpoint().qualifiedName()));
        served.ifPresent(old -> bySlug.put(route.slug(), old));
        problems.add("route of " + route.endpoint()
            + (served.isPresent() ? " not updated, generation " + served.get().route().endpoint().generation()
                + " stays in use: " : " not served: ")
            + e.getMessage());
      }
    }
    return new CompiledRoutes(bySlug, problems);
  }

  /** Why routes of the table were left out; empty when every route is served. */
  public List<String> problems() {
    return problems;
  }

  public Optional<CompiledRoute> forSlug(String slug) {
    return Optional.ofNullable(bySlug.get(slug));
  }

  public Collection<CompiledRoute> all() {
    return bySlug.values();
  }
}
