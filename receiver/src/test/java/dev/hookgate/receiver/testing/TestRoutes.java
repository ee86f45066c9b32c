package dev.hookgate.receiver.testing;

import dev.hookgate.routing.EndpointRef;
import dev.hookgate.routing.GenericHmac;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingJson;
import dev.hookgate.routing.RoutingTable;
import dev.hookgate.routing.SigningSecret;
import dev.hookgate.routing.Target;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Routes for tests: endpoint {@code shop/<slug>}, generation 1, unless said otherwise. */
public final class TestRoutes {

  private TestRoutes() {}

  public static Route route(String slug, ProviderType provider, String secret, URI target, String... events) {
    return new Route(slug, new EndpointRef("shop", slug, 1), provider, null,
        List.of(SigningSecret.current(secret)), List.of(events), new Target(target, 2_000));
  }

  public static Route withGeneration(Route route, long generation) {
    return new Route(route.slug(),
        new EndpointRef(route.endpoint().namespace(), route.endpoint().name(), generation),
        route.provider(), route.generic(), route.signingSecrets(), route.events(), route.target());
  }

  public static Route withSecrets(Route route, List<SigningSecret> secrets) {
    return new Route(route.slug(), route.endpoint(), route.provider(), route.generic(), secrets, route.events(),
        route.target());
  }

  public static Route withTimeout(Route route, long timeoutMillis) {
    return new Route(route.slug(), route.endpoint(), route.provider(), route.generic(), route.signingSecrets(),
        route.events(), new Target(route.target().url(), timeoutMillis));
  }

  public static Route withTarget(Route route, Target target) {
    return new Route(route.slug(), route.endpoint(), route.provider(), route.generic(), route.signingSecrets(),
        route.events(), target, route.publicUrl(), route.toleranceSeconds(), route.filter(), route.sourceRanges());
  }

  public static Route withTolerance(Route route, Integer toleranceSeconds) {
    return new Route(route.slug(), route.endpoint(), route.provider(), route.generic(), route.signingSecrets(),
        route.events(), route.target(), route.publicUrl(), toleranceSeconds, route.filter(), route.sourceRanges());
  }

  public static Route withPublicUrl(Route route, URI publicUrl) {
    return new Route(route.slug(), route.endpoint(), route.provider(), route.generic(), route.signingSecrets(),
        route.events(), route.target(), publicUrl, route.toleranceSeconds(), route.filter(), route.sourceRanges());
  }

  public static Route withFilter(Route route, String filter) {
    return new Route(route.slug(), route.endpoint(), route.provider(), route.generic(), route.signingSecrets(),
        route.events(), route.target(), route.publicUrl(), route.toleranceSeconds(), filter, route.sourceRanges());
  }

  public static Route withSourceRanges(Route route, String... cidrs) {
    return new Route(route.slug(), route.endpoint(), route.provider(), route.generic(), route.signingSecrets(),
        route.events(), route.target(), route.publicUrl(), route.toleranceSeconds(), route.filter(), List.of(cidrs));
  }

  /** Writes {@code routes} as the routes file in {@code dir}, as the operator would, and returns the file. */
  public static Path writeTable(Path dir, List<Route> routes) throws IOException {
    Path file = dir.resolve(RoutingTable.SECRET_KEY);
    Files.write(file, RoutingJson.writeTable(new RoutingTable(RoutingTable.FORMAT_VERSION, routes)));
    return file;
  }

  public static Route generic(GenericHmac settings, String secret) {
    return new Route("generic", new EndpointRef("shop", "generic", 1), ProviderType.GENERIC, settings,
        List.of(SigningSecret.current(secret)), List.of(), new Target(URI.create("http://127.0.0.1:1/"), 1_000));
  }
}
