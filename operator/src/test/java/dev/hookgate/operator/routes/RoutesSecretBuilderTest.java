package dev.hookgate.operator.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.routing.EndpointRef;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingTable;
import dev.hookgate.routing.SigningSecret;
import dev.hookgate.routing.Target;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutesSecretBuilderTest {

  private static Route route(String name, long generation) {
    return new Route("slug-" + name, new EndpointRef("team", name, generation), ProviderType.GITHUB, null,
        List.of(SigningSecret.current("secret")), List.of(), new Target(URI.create("http://t.team.svc/"), 1_000));
  }

  private static RoutingTable table(Route... routes) {
    return new RoutingTable(RoutingTable.FORMAT_VERSION, List.of(routes));
  }

  @Test
  void aBatchPutsAndRemovesOnlyTheEndpointsItNamesAndKeepsTheTableSorted() {
    RoutingTable current = table(route("a", 1), route("b", 1), route("c", 1));

    RoutingTable next = RoutesSecretBuilder.applied(current, List.of(
        RouteChange.put(route("b", 2)), RouteChange.remove("team", "c"), RouteChange.put(route("0-new", 1))));

    assertThat(next).isEqualTo(table(route("0-new", 1), route("a", 1), route("b", 2)));
  }

  @Test
  void theLaterOfTwoChangesOfOneEndpointWins() {
    RoutingTable current = table(route("a", 1));

    assertThat(RoutesSecretBuilder.applied(current, List.of(RouteChange.put(route("a", 2)),
        RouteChange.remove("team", "a")))).isEqualTo(table());
    assertThat(RoutesSecretBuilder.applied(current, List.of(RouteChange.remove("team", "a"),
        RouteChange.put(route("a", 3))))).isEqualTo(table(route("a", 3)));
  }

  @Test
  void aChangeIsHeldByATableThatAlreadyReadsAsIfItWereApplied() {
    Map<String, Route> current = Map.of("team/a", route("a", 1));

    assertThat(RouteChange.put(route("a", 1)).heldBy(current)).isTrue();
    assertThat(RouteChange.put(route("a", 2)).heldBy(current)).isFalse();
    assertThat(RouteChange.remove("team", "b").heldBy(current)).isTrue();
    assertThat(RouteChange.remove("team", "a").heldBy(current)).isFalse();
  }
}
