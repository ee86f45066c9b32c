package dev.hookgate.receiver.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.StoreStatistics;
import dev.hookgate.receiver.store.StoredDelivery;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two receivers with their own embedded stores, as two pods of the StatefulSet, and one of them drained before it
 * goes away: its pending deliveries and dead letters move to the other with their attempts, nothing is left behind,
 * and the other delivers (and replays) them.
 */
class ReceiverDrainTest {

  private static final String SECRET = "gh-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aDrainedReceiverHandsItsPendingDeliveriesAndDeadLettersToTheOtherWithTheirHistory() throws Exception {
    int portA = RunningReceiver.freePort();
    int portB = RunningReceiver.freePort();
    try (StubTarget target = new StubTarget();
        RunningReceiver a = receiver(target, "a", portA, portB);
        RunningReceiver b = receiver(target, "b", portB, portA)) {
      target.answer("/down", 503, Map.of());
      target.answer("/gone", 410, Map.of());
      for (int i = 0; i < 30; i++) {
        assertThat(a.postGitHubPush("down", SECRET, "p-" + i).statusCode()).isEqualTo(202);
      }
      // dead letters on both receivers: four whose dedup keys A owns, two B's
      List<String> gone = new ArrayList<>(ownedBy(portA, portB, "gone", "ga-", 4));
      gone.addAll(ownedBy(portB, portA, "gone", "gb-", 2));
      for (String id : gone) {
        assertThat(a.postGitHubPush("gone", SECRET, id).statusCode()).isEqualTo(202);
      }
      // A keeps the dedup keys it owns (about half), B the others; every one has failed at least once
      await().atMost(Duration.ofSeconds(20)).until(() -> counts(a, "shop/gone").deadLettered()
          + counts(b, "shop/gone").deadLettered() == 6 && failedOnce(a, "shop/down") && failedOnce(b, "shop/down"));
      long pendingA = counts(a, "shop/down").pending();
      long deadA = counts(a, "shop/gone").deadLettered();
      assertThat(deadA).isEqualTo(4);
      assertThat(pendingA).isBetween(1L, 29L);
      assertThat(pendingA + counts(b, "shop/down").pending()).isEqualTo(30);
      StoredDelivery deadLetterOfA = store(a).deadLetters("shop/gone", 10).get(0);
      List<AttemptRecord> historyOfA = store(a).history(deadLetterOfA.id());

      HttpResponse<String> started = a.post(a.internalUri("/internal/drain"), "application/json", new byte[0]);
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      assertThat(a.get(a.internalUri("/internal/health/readiness")).statusCode()).isEqualTo(503);
      assertThat(a.get(a.internalUri("/internal/health/liveness")).statusCode()).isEqualTo(200);

      await().atMost(Duration.ofSeconds(20))
          .until(() -> "DRAINED".equals(progress(a).path("phase").asText()));
      JsonNode drained = progress(a);
      assertThat(drained.path("moved").asLong()).isEqualTo(pendingA + deadA);
      assertThat(drained.path("deadLettersMoved").asLong()).isEqualTo(deadA);
      assertThat(drained.path("pending").asLong()).isZero();
      assertThat(drained.path("deadLetters").asLong()).isZero();
      assertThat(drained.path("problem").isNull() || drained.path("problem").isMissingNode()).isTrue();
      assertThat(counts(a, "shop/down").pending()).isZero();
      assertThat(counts(a, "shop/gone").deadLettered()).isZero();
      String metrics = a.get(a.internalUri("/internal/prometheus")).body();
      assertThat(metrics).contains("hookgate_receiver_draining 1.0")
          .contains("hookgate_receiver_drain_moved_total{state=\"pending\"} " + pendingA + ".0")
          .contains("hookgate_receiver_drain_moved_total{state=\"dead_lettered\"} " + deadA + ".0");
      assertThat(counts(b, "shop/down").pending()).isEqualTo(30);
      assertThat(counts(b, "shop/gone").deadLettered()).isEqualTo(6);

      // a moved dead letter keeps its attempts, its last error and when it was received
      StoredDelivery moved = store(b).deadLetters("shop/gone", 10).stream()
          .filter(letter -> letter.delivery().dedupKey().equals(deadLetterOfA.delivery().dedupKey()))
          .findFirst().orElseThrow();
      assertThat(moved.attempts()).isEqualTo(deadLetterOfA.attempts());
      assertThat(moved.lastError()).isEqualTo(deadLetterOfA.lastError());
      assertThat(moved.receivedAt()).isEqualTo(deadLetterOfA.receivedAt());
      assertThat(store(b).history(moved.id())).isEqualTo(historyOfA);

      // a draining receiver takes nothing from its peers: they store what they would have handed over
      assertThat(a.post(a.internalUri(PeerHandoff.PATH), HandoffMessage.MEDIA_TYPE,
          HandoffMessage.write(moved, List.of())).statusCode()).isEqualTo(503);
      byte[] totals = EndpointTotalsEndpoint.write("t-1", List.of(new DeliveryStore.EndpointTotals("shop/x", 1, 1,
          null)));
      assertThat(a.post(a.internalUri(EndpointTotalsEndpoint.PATH), "application/json", totals).statusCode())
          .isEqualTo(503);
      assertThat(b.post(b.internalUri(EndpointTotalsEndpoint.PATH), "application/json",
          "{\"totals\":[{\"received\":1}]}".getBytes(StandardCharsets.UTF_8)).statusCode())
          .isEqualTo(400);
      for (int i = 0; i < 10; i++) {
        assertThat(b.postGitHubPush("down", SECRET, "late-" + i).statusCode()).isEqualTo(202);
      }
      // one that still reaches the drained receiver (before the Service noticed) is moved too
      for (int i = 0; i < 10; i++) {
        assertThat(a.postGitHubPush("down", SECRET, "stray-" + i).statusCode()).isEqualTo(202);
      }
      // B stores a moved delivery before A deletes its copy, and A's phase says DRAINED until its next pass
      await().atMost(Duration.ofSeconds(10)).until(() -> counts(b, "shop/down").pending() == 50
          && counts(a, "shop/down").pending() == 0 && "DRAINED".equals(progress(a).path("phase").asText()));

      // the target comes back: B delivers everything, and replays the dead letters it took over
      Set<String> deliveredIds = new HashSet<>();
      target.received().clear();
      target.answer("/down", 200, Map.of());
      target.answer("/gone", 200, Map.of());
      HttpResponse<String> replay = b.postJson(b.internalUri("/internal/replay"), "{\"endpoint\":\"shop/gone\"}");
      assertThat(JSON.readTree(replay.body()).path("replayed").asInt()).isEqualTo(6);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        target.received().forEach(request -> deliveredIds.add(request.header("X-GitHub-Delivery")));
        return counts(b, "shop/down").delivered() == 50 && counts(b, "shop/gone").delivered() == 6;
      });
      assertThat(deliveredIds).hasSize(56);
      assertThat(counts(a, "shop/down").delivered() + counts(a, "shop/gone").delivered()).isZero();
      // the totals A counted moved with its deliveries: each delivery is received once, on B now
      assertThat(counts(b, "shop/down").received()).isEqualTo(50);
      assertThat(counts(b, "shop/gone").received()).isEqualTo(6);
      assertThat(counts(a, "shop/down").received() + counts(a, "shop/gone").received()).isZero();

      HttpResponse<String> cancelled = a.delete(a.internalUri("/internal/drain"));
      assertThat(JSON.readTree(cancelled.body()).path("phase").asText()).isEqualTo("SERVING");
      assertThat(a.get(a.internalUri("/internal/health/readiness")).statusCode()).isEqualTo(200);
      assertThat(a.get(a.internalUri("/internal/prometheus")).body()).contains("hookgate_receiver_draining 0.0");
    }
  }

  @Test
  void deliveriesStayWhileNoOtherReceiverTakesThemAndMoveOnceOneDoes() throws Exception {
    int portA = RunningReceiver.freePort();
    int portB = RunningReceiver.freePort(); // nobody listens there yet
    try (StubTarget target = new StubTarget(); RunningReceiver a = receiver(target, "a", portA, portB)) {
      target.answer("/down", 503, Map.of());
      for (int i = 0; i < 12; i++) {
        assertThat(a.postGitHubPush("down", SECRET, "w-" + i).statusCode()).isEqualTo(202);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> counts(a, "shop/down").pending() == 12);

      assertThat(a.post(a.internalUri("/internal/drain"), "application/json", new byte[0]).statusCode())
          .isEqualTo(202);
      await().atMost(Duration.ofSeconds(10)).until(() -> progress(a).path("problem").asText().contains("did not answer"));
      JsonNode stuck = progress(a);
      assertThat(stuck.path("phase").asText()).isEqualTo("DRAINING");
      assertThat(stuck.path("pending").asLong()).isEqualTo(12);
      assertThat(stuck.path("movingTo").get(0).asText()).isEqualTo("http://127.0.0.1:" + portB);
      // nothing is delivered from a draining receiver, and nothing is lost
      target.received().clear();
      target.answer("/down", 200, Map.of());
      assertThat(counts(a, "shop/down").pending()).isEqualTo(12);

      try (RunningReceiver b = receiver(target, "b", portB, portA)) {
        await().atMost(Duration.ofSeconds(20))
            .until(() -> "DRAINED".equals(progress(a).path("phase").asText()));
        await().atMost(Duration.ofSeconds(20)).until(() -> counts(b, "shop/down").delivered() == 12);
        assertThat(progress(a).path("moved").asLong()).isEqualTo(12);
        assertThat(counts(a, "shop/down").delivered()).isZero();
      }
    }
  }

  @Test
  void aProvidersRetryOfAnEventTheDrainedReceiverDeliveredIsStillADuplicateAfterItIsGone() throws Exception {
    int portA = RunningReceiver.freePort();
    int portB = RunningReceiver.freePort();
    try (StubTarget target = new StubTarget(); RunningReceiver b = receiver(target, "b", portB, portA)) {
      long keptByA;
      try (RunningReceiver a = receiver(target, "a", portA, portB)) {
        for (int i = 0; i < 20; i++) {
          assertThat(a.postGitHubPush("ok", SECRET, "once-" + i).statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> target.received().size() == 20);
        keptByA = counts(a, "shop/ok").received();
        assertThat(keptByA).isBetween(1L, 19L);

        assertThat(a.post(a.internalUri("/internal/drain"), "application/json", new byte[0]).statusCode())
            .isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
            .until(() -> "DRAINED".equals(progress(a).path("phase").asText()));
        assertThat(progress(a).path("dedupKeysCopied").asLong()).isEqualTo(keptByA);
      } // the pod is gone

      // the provider retries every event at the receiver left: each is a duplicate, none is delivered again
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> retry = b.postGitHubPush("ok", SECRET, "once-" + i);
        assertThat(retry.statusCode()).as("once-" + i).isEqualTo(200);
        assertThat(retry.body()).isEqualTo("duplicate");
      }
      assertThat(target.received()).hasSize(20);
    }
  }

  @Test
  void aReceiverWithNowhereToMoveItsDeliveriesRefusesToDrain() throws Exception {
    try (StubTarget target = new StubTarget();
        RunningReceiver alone = new RunningReceiver(TestRoutes.writeTable(dir,
            List.of(TestRoutes.route("down", ProviderType.GITHUB, SECRET, target.url("/down")))))) {
      HttpResponse<String> refused =
          alone.post(alone.internalUri("/internal/drain"), "application/json", new byte[0]);
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(JSON.readTree(refused.body()).path("error").asText())
          .contains("no other receivers are configured (hookgate.peers.dns or .members)");
      assertThat(alone.get(alone.internalUri("/internal/health/readiness")).statusCode()).isEqualTo(200);
      assertThat(progress(alone).path("phase").asText()).isEqualTo("SERVING");
    }
  }

  private RunningReceiver receiver(StubTarget target, String name, int internalPort, int otherInternalPort)
      throws Exception {
    Path routes = TestRoutes.writeTable(Files.createDirectories(dir.resolve(name)), List.of(
        TestRoutes.route("down", ProviderType.GITHUB, SECRET, target.url("/down")),
        TestRoutes.route("gone", ProviderType.GITHUB, SECRET, target.url("/gone")),
        TestRoutes.route("ok", ProviderType.GITHUB, SECRET, target.url("/ok"))));
    String self = "http://127.0.0.1:" + internalPort;
    return new RunningReceiver(routes, Map.of(
        "endpoints.all.port", internalPort,
        "hookgate.peers.members", List.of(self, "http://127.0.0.1:" + otherInternalPort),
        "hookgate.peers.self", self,
        "hookgate.peers.timeout", "500ms"));
  }

  /** {@code count} delivery ids (prefix + a number) whose dedup keys on {@code slug} the first receiver owns. */
  private static List<String> ownedBy(int ownerPort, int otherPort, String slug, String prefix, int count) {
    String owner = "http://127.0.0.1:" + ownerPort;
    List<String> members = Stream.of(owner, "http://127.0.0.1:" + otherPort).sorted().toList();
    List<String> ids = new ArrayList<>();
    for (int i = 0; ids.size() < count; i++) {
      if (Rendezvous.owner(members, slug + '\n' + prefix + i).equals(owner)) {
        ids.add(prefix + i);
      }
    }
    return ids;
  }

  private static JsonNode progress(RunningReceiver receiver) throws Exception {
    return JSON.readTree(receiver.get(receiver.internalUri("/internal/drain")).body());
  }

  private static DeliveryStore store(RunningReceiver receiver) {
    return receiver.context().getBean(DeliveryStore.class);
  }

  private static StoreStatistics.EndpointCounts counts(RunningReceiver receiver, String endpoint) {
    return store(receiver).statistics(Instant.now()).perEndpoint()
        .getOrDefault(endpoint, new StoreStatistics.EndpointCounts(0, 0, 0, 0, null, null, null));
  }

  private static boolean failedOnce(RunningReceiver receiver, String endpoint) {
    StoreStatistics.EndpointCounts counts = counts(receiver, endpoint);
    return counts.pending() > 0 && counts.lastError() != null;
  }
}
