package dev.hookgate.receiver.store;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.receiver.http.ReceiverCounters;
import dev.hookgate.receiver.testing.InertDeliveryStore;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.RoutingJson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store cannot take a delivery: the provider gets 503 (never 2xx without a commit) and nothing goes to the
 * target; a store full or failing for a while makes the receiver not ready; once the disk is usable again the
 * receiver recovers by itself, without a restart.
 */
class StoreFailureHttpTest {

  private static final String SECRET = "gh-secret";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static final String HANGING = "StoreFailureHttpTest.hanging";

  @TempDir Path dir;

  /** A store on a stuck volume: commits never come back. */
  @Singleton
  @Replaces(bean = DeliveryStore.class, factory = DeliveryStoreFactory.class)
  @Requires(property = "spec.name", value = HANGING)
  static class HangingStore extends InertDeliveryStore {}

  @Test
  void aCommitThatDoesNotComeBackIs503AfterTheAckTimeout() throws Exception {
    try (StubTarget target = new StubTarget();
        RunningReceiver receiver = new RunningReceiver(routes(target), Map.of(
            "spec.name", HANGING, "hookgate.store.ack-timeout", "300ms"))) {
      long started = System.nanoTime();
      HttpResponse<String> answer = send(receiver, "stuck");

      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250), WAIT);
      assertThat(counters(receiver).get(ReceiverCounters.Outcome.STORE_UNAVAILABLE)).isEqualTo(1);
    }
  }

  @Test
  void anUnwritableStoreIs503AndTheReceiverRecoversWhenTheDiskIsBack() throws Exception {
    Path storeDir = dir.resolve("store");
    try (StubTarget target = new StubTarget();
        RunningReceiver receiver = new RunningReceiver(routes(target), Map.of(
            "hookgate.store.path", storeDir.resolve("deliveries.db").toString()))) {
      assertThat(send(receiver, "before").statusCode()).isEqualTo(202);
      assertThat(target.next().header("X-GitHub-Delivery")).isEqualTo("before");

      // The volume goes away: where the store's directory was there is now a plain file, so nothing can be opened.
      Path away = dir.resolve("store-unmounted");
      Files.move(storeDir, away);
      Files.writeString(storeDir, "not a directory");
      HttpResponse<String> refused = send(receiver, "during");

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).isEqualTo("temporarily unavailable, retry later");
      assertThat(counters(receiver).get(ReceiverCounters.Outcome.STORE_UNAVAILABLE)).isEqualTo(1);
      // A store that keeps failing takes the receiver out of the Service, so the other receivers get the traffic.
      assertThat(readiness(receiver)).as("ready after one failed write").isEqualTo(200);
      await().atMost(WAIT).until(() -> readiness(receiver) == 503);

      Files.delete(storeDir);
      Files.move(away, storeDir);
      await().atMost(WAIT).until(() -> readiness(receiver) == 200);
      await().atMost(WAIT).until(() -> send(receiver, "during").statusCode() == 202);
      assertThat(target.next().header("X-GitHub-Delivery")).isEqualTo("during");
      assertThat(target.received()).as("nothing was forwarded without a commit").isEmpty();
      assertThat(send(receiver, "before").body()).as("the store's data survived").isEqualTo("duplicate");
    }
  }

  @Test
  void aFullStoreIs503UntilDeliveredDeliveriesArePruned() throws Exception {
    try (StubTarget target = new StubTarget();
        RunningReceiver receiver = new RunningReceiver(routes(target), Map.of(
            "hookgate.store.max-size", 200_000,
            "hookgate.store.retention", "0s",
            "hookgate.store.prune-interval", "100ms"))) {
      target.answer("/ok", 503, Map.of());
      int accepted = 0;
      HttpResponse<String> answer = send(receiver, UUID.randomUUID().toString());
      while (answer.statusCode() == 202 && accepted < 1_000) {
        accepted++;
        answer = send(receiver, UUID.randomUUID().toString());
      }

      assertThat(answer.statusCode()).as("full after %d deliveries", accepted).isEqualTo(503);
      assertThat(accepted).isBetween(10, 999);
      assertThat(counters(receiver).get(ReceiverCounters.Outcome.STORE_FULL)).isEqualTo(1);
      assertThat(readiness(receiver)).as("readiness of a full store").isEqualTo(503);
      assertThat(takingDeliveries(receiver)).as("the gauge alerts read: no request reaches the pod now").isZero();
      JsonNode report = storeReport(receiver);
      assertThat(report.get("takingDeliveries").asBoolean()).as("why, for kubectl hookgate stores").isFalse();
      assertThat(report.get("reason").asText()).startsWith("the store is full (");
      assertThat(report.get("maxSizeBytes").asLong()).isEqualTo(200_000);
      assertThat(RoutingJson.readStatus(receiver.get(receiver.internalUri("/internal/routes")).body()
          .getBytes(StandardCharsets.UTF_8)).storeProblem()).as("for the operator's Event on the pod")
          .startsWith("the store is full (");
      assertThat(copyDedupKey(receiver).statusCode()).as("a peer's copy of a dedup key: the bound holds for it too")
          .isEqualTo(503);

      target.answer("/ok", 200, Map.of());
      await().atMost(WAIT).until(() -> readiness(receiver) == 200);
      assertThat(takingDeliveries(receiver)).isEqualTo(1);
      assertThat(storeReport(receiver).get("takingDeliveries").asBoolean()).isTrue();
      assertThat(storeReport(receiver).get("reason").isNull()).isTrue();
      await().atMost(WAIT).until(() -> send(receiver, UUID.randomUUID().toString()).statusCode() == 202);
      assertThat(copyDedupKey(receiver).statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> copyDedupKey(RunningReceiver receiver) {
    return receiver.postJson(receiver.internalUri("/internal/dedup-keys"),
        "{\"keys\": [{\"slug\": \"gh\", \"key\": \"" + UUID.randomUUID() + "\", \"firstSeen\": \""
            + Instant.now() + "\"}]}");
  }

  private Path routes(StubTarget target) throws Exception {
    return TestRoutes.writeTable(dir, List.of(TestRoutes.route("gh", ProviderType.GITHUB, SECRET, target.url("/ok"))));
  }

  private static JsonNode storeReport(RunningReceiver receiver) throws Exception {
    return new ObjectMapper().readTree(receiver.get(receiver.internalUri("/internal/store")).body());
  }

  private static double takingDeliveries(RunningReceiver receiver) {
    return receiver.context().getBean(MeterRegistry.class).get("hookgate.receiver.store.taking.deliveries").gauge()
        .value();
  }

  private static int readiness(RunningReceiver receiver) {
    return receiver.get(receiver.internalUri("/internal/health/readiness")).statusCode();
  }

  private static ReceiverCounters counters(RunningReceiver receiver) {
    return receiver.context().getBean(ReceiverCounters.class);
  }

  private static HttpResponse<String> send(RunningReceiver receiver, String deliveryId) {
    byte[] body = utf8("{\"delivery\":\"" + deliveryId + "\",\"padding\":\"" + "x".repeat(1000) + "\"}");
    return receiver.post("gh", Map.of(
        "Content-Type", "application/json",
        "X-Hub-Signature-256", Signatures.gitHub(SECRET, body),
        "X-GitHub-Event", "push",
        "X-GitHub-Delivery", deliveryId), body);
  }
}
