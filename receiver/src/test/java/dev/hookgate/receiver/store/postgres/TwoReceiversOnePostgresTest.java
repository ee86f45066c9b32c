package dev.hookgate.receiver.store.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.testing.PostgresServer;
import dev.hookgate.receiver.testing.ReceiverJvm;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.receiver.testing.TrackingTarget;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.RoutingJson;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two receiver processes share one PostgreSQL queue; one is killed with SIGKILL in the middle of a load of signed
 * deliveries, and the provider retries what it sent to the dead one at the survivor. Every acknowledged delivery
 * reaches the target, and no delivery is ever at the target twice at the same moment. After the kill, at-least-once
 * may deliver a few twice (the dead replica's in-flight sends, taken over once their lease ran out): counted and
 * printed.
 */
class TwoReceiversOnePostgresTest {

  private static final int DELIVERIES = 2_000;
  private static final int KILL_AFTER_ACKS = 700;
  private static final String SECRET = "two-replicas-secret";
  private static final Duration LEASE = Duration.ofSeconds(5);
  /** The embedded store's file, unused with {@code HOOKGATE_STORE_TYPE=postgresql}. */
  private static final Path NO_STORE_FILE = Path.of("/nonexistent/deliveries.db");

  @TempDir
  Path dir;

  @Test
  void aReplicaKilledUnderLoadLosesNothingAndNothingIsDeliveredTwiceAtOnce() throws Exception {
    PostgresServer postgres = PostgresServer.get();
    Map<String, String> env = Map.of(
        "HOOKGATE_STORE_TYPE", "postgresql",
        "HOOKGATE_STORE_POSTGRESQL_URL", postgres.createDatabase(),
        "HOOKGATE_STORE_POSTGRESQL_USER", postgres.user(),
        "HOOKGATE_STORE_POSTGRESQL_PASSWORD_FILE", postgres.passwordFile().toString(),
        "HOOKGATE_DISPATCH_LEASE", LEASE.toSeconds() + "s");
    try (TrackingTarget target = new TrackingTarget()) {
      Path routes = TestRoutes.writeTable(dir,
          List.of(TestRoutes.route("orders", ProviderType.GITHUB, SECRET, target.url())));
      CompletableFuture<ReceiverJvm> starting =
          CompletableFuture.supplyAsync(() -> ReceiverJvm.start(routes, NO_STORE_FILE, dir.resolve("doomed.log"), env));
      try (ReceiverJvm survivor = ReceiverJvm.start(routes, NO_STORE_FILE, dir.resolve("survivor.log"), env);
          ReceiverJvm doomed = starting.join()) {
        // Both report the database's one id with their counts, so the operator counts its deliveries once.
        String reported = sharedStoreOf(survivor);
        assertThat(reported).isNotNull().isEqualTo(sharedStoreOf(doomed));

        Set<String> acknowledged = sendKillingOneReplicaMidway(doomed, survivor);

        assertThat(acknowledged).hasSize(DELIVERIES);
        assertThat(doomed.isAlive()).isFalse();
        await().atMost(LEASE.plusSeconds(90)).untilAsserted(() ->
            assertThat(target.deliveries().keySet()).containsAll(acknowledged));
        long duplicates = target.deliveries().values().stream().mapToInt(count -> count.get() - 1).sum();
        System.out.printf("Two replicas, one killed after %d acknowledgements: %d deliveries, %d delivered twice"
            + " (at least once after the kill), %d at the target twice at the same moment%n",
            KILL_AFTER_ACKS, DELIVERIES, duplicates, target.concurrentDuplicates());
        assertThat(target.concurrentDuplicates()).isZero();
        assertThat(target.deliveries()).hasSize(DELIVERIES);
      }
    }
  }

  private static String sharedStoreOf(ReceiverJvm receiver) throws Exception {
    HttpResponse<byte[]> report = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(receiver.internalUri("/internal/routes")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    return RoutingJson.readStatus(report.body()).sharedStore();
  }

  /**
   * Sends every delivery from eight client threads, alternately to each replica, kills the first replica once
   * {@link #KILL_AFTER_ACKS} are acknowledged, and retries at the survivor whatever did not get a 2xx, as a
   * provider would. Returns the delivery ids acknowledged.
   */
  private static Set<String> sendKillingOneReplicaMidway(ReceiverJvm doomed, ReceiverJvm survivor)
      throws InterruptedException {
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger acks = new AtomicInteger();
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
    ExecutorService senders = Executors.newFixedThreadPool(8);
    for (int i = 0; i < DELIVERIES; i++) {
      String id = "delivery-" + i;
      ReceiverJvm first = i % 2 == 0 ? doomed : survivor;
      senders.execute(() -> {
        if (send(client, first, id) || send(client, survivor, id)) {
          acknowledged.add(id);
          if (acks.incrementAndGet() == KILL_AFTER_ACKS) {
            doomed.kill();
          }
        }
      });
    }
    senders.shutdown();
    assertThat(senders.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    return acknowledged;
  }

  private static boolean send(HttpClient client, ReceiverJvm receiver, String deliveryId) {
    byte[] body = ("{\"ref\":\"refs/heads/main\",\"delivery\":\"" + deliveryId + "\"}").getBytes(UTF_8);
    HttpRequest request = HttpRequest.newBuilder(receiver.publicUri("/h/orders"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("X-GitHub-Event", "push")
        .header("X-GitHub-Delivery", deliveryId)
        .header("X-Hub-Signature-256", Signatures.gitHub(SECRET, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300;
    } catch (IOException refusedOrCut) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
