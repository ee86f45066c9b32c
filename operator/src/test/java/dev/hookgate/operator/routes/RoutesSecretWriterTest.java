package dev.hookgate.operator.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.testing.MutableClock;
import dev.hookgate.routing.EndpointRef;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingTable;
import dev.hookgate.routing.SigningSecret;
import dev.hookgate.routing.Target;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class RoutesSecretWriterTest {

  private static final int ENDPOINTS = 40;

  KubernetesClient client;
  KubernetesMockServer server;

  private final OperatorSettings settings = OperatorSettings.builder().serverSideApply(false).build();

  @BeforeEach
  void receiverNamespace() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(settings.receiverNamespace())
        .endMetadata().build()).createOr(existing -> existing.update());
  }

  private static Route route(int i) {
    return new Route("slug-" + i, new EndpointRef("team", "endpoint-" + i, 1), ProviderType.GITHUB, null,
        List.of(SigningSecret.current("secret-" + i)), List.of(),
        new Target(URI.create("http://target-" + i + ".team.svc/"), 1_000));
  }

  private RoutingTable stored() {
    return RoutesSecretBuilder.currentTable(
        client.secrets().inNamespace(settings.receiverNamespace()).withName(settings.routesSecretName()).get());
  }

  @Test
  void concurrentChangesAreAllStoredWhenEachWaitReturns() throws Exception {
    RoutesSecretWriter writer = new RoutesSecretWriter(client, settings);
    int before = server.getRequestCount();
    ExecutorService reconcilers = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < ENDPOINTS; i++) {
      int endpoint = i;
      calls.add(reconcilers.submit(() -> {
        start.await();
        writer.applyAndWait(RouteChange.put(route(endpoint)));
        // The change is stored by the time applyAndWait returns, in whichever batch it went.
        assertThat(stored().routeFor("team", "endpoint-" + endpoint)).isPresent();
        return null;
      }));
    }
    start.countDown();
    for (Future<?> call : calls) {
      call.get(60, TimeUnit.SECONDS);
    }
    reconcilers.shutdown();

    assertThat(stored().routes()).extracting(Route::slug)
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, ENDPOINTS).mapToObj(i -> "slug-" + i).toList());
    // Batched: far fewer requests than one read and one write per change (each check reads once more).
    assertThat(server.getRequestCount() - before).isLessThan(ENDPOINTS + ENDPOINTS / 2);
  }

  @Test
  void applyReturnsAtOnceAndTheChangeIsWrittenInTheBackground() {
    RoutesSecretWriter writer = new RoutesSecretWriter(client, settings);
    for (int i = 0; i < ENDPOINTS; i++) {
      writer.apply(RouteChange.put(route(i)));
    }

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stored().routes()).hasSize(ENDPOINTS));
  }

  @Test
  void aLaterChangeOfTheSameEndpointWins() {
    RoutesSecretWriter writer = new RoutesSecretWriter(client, settings);
    writer.applyAndWait(RouteChange.put(route(1)));

    writer.apply(RouteChange.remove("team", "endpoint-1"));
    writer.applyAndWait(RouteChange.put(route(1)));

    assertThat(stored().routeFor("team", "endpoint-1")).isPresent();
  }

  @Test
  void removalsAndPutsOfOneBatchApplyInOrder() {
    RoutesSecretWriter writer = new RoutesSecretWriter(client, settings);
    writer.applyAndWait(RouteChange.put(route(1)));
    writer.applyAndWait(RouteChange.put(route(2)));

    writer.applyAndWait(RouteChange.remove("team", "endpoint-1"));

    assertThat(stored().routes()).extracting(Route::slug).containsExactly("slug-2");
  }

  @Test
  void aChangeTheRememberedSecretHoldsCostsNoApiCall() {
    RoutesSecretWriter writer = new RoutesSecretWriter(client, settings);
    writer.applyAndWait(RouteChange.put(route(1)));
    int before = server.getRequestCount();

    writer.applyAndWait(RouteChange.put(route(1)));
    writer.applyAndWait(RouteChange.remove("team", "no-such-endpoint"));

    assertThat(server.getRequestCount()).isEqualTo(before);
  }

  @Test
  void aSecretDeletedBehindTheOperatorsBackIsWrittenAgainOnceTheMemoryExpires() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    RoutesSecretWriter writer = new RoutesSecretWriter(client, settings, clock);
    writer.applyAndWait(RouteChange.put(route(1)));
    client.secrets().inNamespace(settings.receiverNamespace()).withName(settings.routesSecretName()).delete();

    clock.advance(RoutesSecretWriter.REMEMBER_FOR.plusSeconds(1));
    writer.applyAndWait(RouteChange.put(route(1)));

    assertThat(stored().routeFor("team", "endpoint-1")).isPresent();
  }

  @Test
  void aSecretChangedBehindTheOperatorsBackIsReadAgainOnTheConflict() {
    RoutesSecretWriter writer = new RoutesSecretWriter(client, settings);
    writer.applyAndWait(RouteChange.put(route(1)));
    client.secrets().inNamespace(settings.receiverNamespace()).withName(settings.routesSecretName())
        .edit(secret -> RoutesSecretBuilder.desired(secret, RouteChange.put(route(7)), settings));

    writer.applyAndWait(RouteChange.put(route(2)));

    assertThat(stored().routes()).extracting(Route::slug).containsExactlyInAnyOrder("slug-1", "slug-2", "slug-7");
  }
}
