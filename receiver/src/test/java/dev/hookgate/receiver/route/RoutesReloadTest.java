package dev.hookgate.receiver.route;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.testing.KubeletStyleRoutesDir;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.ReceiverStatus;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading the routes file the way kubelet updates a Secret volume, while deliveries keep arriving. */
class RoutesReloadTest {

  private static final String SECRET = "reload-secret";
  private static final byte[] BODY = utf8("{\"ref\":\"main\"}");
  private static final Map<String, String> SIGNED = Map.of(
      "Content-Type", "application/json",
      "X-Hub-Signature-256", Signatures.gitHub(SECRET, BODY),
      "X-GitHub-Event", "push");

  @TempDir Path dir;
  private StubTarget target;
  private KubeletStyleRoutesDir routes;
  private RunningReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    target = new StubTarget();
    routes = new KubeletStyleRoutesDir(dir);
    routes.write(table(1, false));
    receiver = new RunningReceiver(routes.routesFile());
  }

  @AfterEach
  void stop() {
    receiver.close();
    target.close();
  }

  @Test
  void servesEveryDeliveryWhileTheTableIsSwappedManyTimes() throws Exception {
    int senders = 4;
    int versions = 25;
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger delivered = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      running.add(pool.submit(() -> {
        while (!done.get()) {
          int status = receiver.post("main", SIGNED, BODY).statusCode();
          if (status / 100 == 2) {
            delivered.incrementAndGet();
          } else {
            failures.add("HTTP " + status);
          }
        }
      }));
    }
    try {
      for (int generation = 2; generation <= versions; generation++) {
        routes.write(table(generation, generation % 2 == 0));
        long expected = generation;
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
            .until(() -> generationServed("main").orElse(-1L) == expected);
      }
    } finally {
      done.set(true);
      for (Future<?> sender : running) {
        sender.get();
      }
      pool.shutdown();
    }

    assertThat(failures).isEmpty();
    assertThat(delivered.get()).isGreaterThan(versions);
    assertThat(generationServed("main")).contains((long) versions);
    assertThat(generationServed("other")).isEmpty(); // odd versions have no "other" route
  }

  @Test
  void aCorruptFileKeepsTheOldTableAndReportsWhy() throws Exception {
    routes.write(table(2, true));
    await().atMost(Duration.ofSeconds(10)).until(() -> generationServed("other").isPresent());

    routes.writeBytes(utf8("{\"formatVersion\":1,\"routes\":[{\"slug\":"));
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.status().loadError() != null);

    ReceiverStatus status = receiver.status();
    assertThat(status.loadError()).contains("routes file").contains("refused");
    assertThat(generationServed("main")).contains(2L);
    assertThat(generationServed("other")).isPresent();
    assertThat(receiver.post("main", SIGNED, BODY).statusCode() / 100).isEqualTo(2);

    routes.write(table(3, false));
    await().atMost(Duration.ofSeconds(10)).until(() -> generationServed("main").orElse(-1L) == 3L);
    assertThat(receiver.status().loadError()).isNull();
  }

  @Test
  void aRouteWithAnInvalidFilterOrSourceRangeKeepsItsServedVersionWhileTheOthersUpdate() throws Exception {
    Route other = TestRoutes.withGeneration(TestRoutes.route("other", ProviderType.GITHUB, SECRET, target.url("/ok")), 2);
    Route badFilter = TestRoutes.withFilter(
        TestRoutes.withGeneration(TestRoutes.route("main", ProviderType.GITHUB, SECRET, target.url("/ok")), 2),
        "body.action == ");
    routes.write(new RoutingTable(RoutingTable.FORMAT_VERSION, List.of(badFilter, other)));
    await().atMost(Duration.ofSeconds(10)).until(() -> generationServed("other").isPresent());

    assertThat(receiver.status().loadError())
        .contains("shop/main").contains("generation 1 stays in use").contains("invalid CEL filter");
    assertThat(generationServed("main")).as("the working version stays in use").contains(1L);
    assertThat(receiver.post("main", SIGNED, BODY).statusCode() / 100).isEqualTo(2);
    assertThat(receiver.post("other", SIGNED, BODY).statusCode() / 100).isEqualTo(2);

    Route badRange = TestRoutes.withSourceRanges(
        TestRoutes.withGeneration(TestRoutes.route("main", ProviderType.GITHUB, SECRET, target.url("/ok")), 3),
        "10.0.0.0/99");
    routes.write(new RoutingTable(RoutingTable.FORMAT_VERSION, List.of(badRange, TestRoutes.withGeneration(other, 3))));
    await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(receiver.status().loadError()).contains("/99"));

    assertThat(receiver.status().loadError()).contains("shop/main").contains("source range");
    assertThat(generationServed("main")).contains(1L);
    assertThat(generationServed("other")).contains(3L);
  }

  @Test
  void aMissingFileMeansNoRoutesUntilItAppears(@TempDir Path empty) throws Exception {
    KubeletStyleRoutesDir later = new KubeletStyleRoutesDir(empty);
    try (RunningReceiver fresh = new RunningReceiver(later.routesFile())) {
      assertThat(fresh.status().routes()).isEmpty();
      assertThat(fresh.post("main", SIGNED, BODY).statusCode()).isEqualTo(404);

      later.write(table(1, false));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> fresh.post("main", SIGNED, BODY).statusCode() == 202);
    }
  }

  private Optional<Long> generationServed(String slug) {
    return receiver.status().routes().stream()
        .filter(route -> route.slug().equals(slug))
        .map(route -> route.endpoint().generation())
        .findFirst();
  }

  private RoutingTable table(long generation, boolean withOther) {
    List<Route> list = new ArrayList<>();
    list.add(TestRoutes.withGeneration(
        TestRoutes.route("main", ProviderType.GITHUB, SECRET, target.url("/ok")), generation));
    if (withOther) {
      list.add(TestRoutes.route("other", ProviderType.GITHUB, "other-secret", target.url("/ok")));
    }
    return new RoutingTable(RoutingTable.FORMAT_VERSION, list);
  }
}
