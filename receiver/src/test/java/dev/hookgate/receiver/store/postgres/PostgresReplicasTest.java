package dev.hookgate.receiver.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.DeliveryStore.Admission;
import dev.hookgate.receiver.store.NewDelivery;
import dev.hookgate.receiver.store.StoredDelivery;
import dev.hookgate.receiver.testing.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two stores on one database, the way two receiver replicas share one queue. */
class PostgresReplicasTest {

  private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);

  private PostgresDeliveryStore replicaA;
  private PostgresDeliveryStore replicaB;

  @BeforeEach
  void openTwoReplicas() {
    PostgresServer server = PostgresServer.get();
    String database = server.createDatabase();
    replicaA = new PostgresDeliveryStore(
        PostgresStoreSettings.of(database, server.user(), server.password(), Duration.ofHours(72)));
    replicaB = new PostgresDeliveryStore(
        PostgresStoreSettings.of(database, server.user(), server.password(), Duration.ofHours(72)));
  }

  @AfterEach
  void close() {
    replicaA.close();
    replicaB.close();
  }

  @Test
  void concurrentClaimersOnTwoReplicasNeverGetTheSameDelivery() throws Exception {
    int deliveries = 600;
    List<CompletableFuture<Admission>> admissions = new ArrayList<>();
    for (int i = 0; i < deliveries; i++) {
      admissions.add((i % 2 == 0 ? replicaA : replicaB).admit(delivery("event-" + i)));
    }
    CompletableFuture.allOf(admissions.toArray(CompletableFuture[]::new)).join();

    Map<Long, AtomicInteger> claimsPerDelivery = new ConcurrentHashMap<>();
    ExecutorService claimers = Executors.newFixedThreadPool(8);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      PostgresDeliveryStore store = i % 2 == 0 ? replicaA : replicaB;
      String owner = (i % 2 == 0 ? "replica-a-" : "replica-b-") + i;
      running.add(claimers.submit(() -> {
        List<StoredDelivery> claimed;
        while (!(claimed = store.claim(owner, 10, NOW, LEASE)).isEmpty()) {
          for (StoredDelivery delivery : claimed) {
            claimsPerDelivery.computeIfAbsent(delivery.id(), id -> new AtomicInteger()).incrementAndGet();
            store.delivered(delivery.id(), new AttemptRecord(1, NOW, 200, "HTTP 200", 1)).join();
          }
        }
        return null;
      }));
    }
    for (Future<?> claimer : running) {
      claimer.get();
    }
    claimers.shutdown();

    assertThat(claimsPerDelivery).hasSize(deliveries);
    assertThat(claimsPerDelivery.values()).allSatisfy(claims -> assertThat(claims.get()).isEqualTo(1));
    assertThat(replicaA.statistics(NOW).perEndpoint().get("shop/orders").delivered()).isEqualTo(deliveries);
  }

  @Test
  void aReplicaThatDiesMidDeliveryHasItsWorkTakenOverOnceTheLeaseRunsOut() {
    long id = stored(replicaA.admit(delivery("order-1")).join());
    assertThat(replicaA.claim("replica-a", 10, NOW, LEASE)).extracting(StoredDelivery::id).containsExactly(id);

    // replica A dies without recording anything: its lease holds the delivery until it runs out
    assertThat(replicaB.claim("replica-b", 10, NOW.plus(LEASE).minusSeconds(1), LEASE)).isEmpty();
    Instant afterLease = NOW.plus(LEASE);
    List<StoredDelivery> takenOver = replicaB.claim("replica-b", 10, afterLease, LEASE);
    assertThat(takenOver).extracting(StoredDelivery::id).containsExactly(id);

    replicaB.delivered(id, new AttemptRecord(1, afterLease.plusSeconds(1), 200, "HTTP 200", 5)).join();
    assertThat(replicaA.history(id)).extracting(AttemptRecord::detail).containsExactly("HTTP 200");
    assertThat(replicaA.statistics(afterLease).perEndpoint().get("shop/orders").delivered()).isEqualTo(1);
  }

  @Test
  void anOutcomeFromAReplicaWhoseLeaseWasTakenOverIsNotRecorded() {
    long id = stored(replicaA.admit(delivery("order-2")).join());
    replicaA.claim("replica-a", 10, NOW, LEASE);
    Instant afterLease = NOW.plus(LEASE).plusSeconds(1);
    assertThat(replicaB.claim("replica-b", 10, afterLease, LEASE)).hasSize(1);

    // replica A was only slow, not dead: its late failure must not undo replica B's claim
    replicaA.deadLetter(id, new AttemptRecord(1, afterLease, 0, "timed out", 30_000)).join();
    assertThat(replicaA.history(id)).isEmpty();
    assertThat(replicaA.deadLetters("shop/orders", 10)).isEmpty();

    replicaB.retryLater(id, new AttemptRecord(1, afterLease.plusSeconds(1), 503, "HTTP 503", 3),
        afterLease.plusSeconds(60)).join();
    assertThat(replicaB.history(id)).extracting(AttemptRecord::statusCode).containsExactly(503);
    assertThat(replicaA.claim("replica-a", 10, afterLease.plusSeconds(59), LEASE)).isEmpty();
    assertThat(replicaA.claim("replica-a", 10, afterLease.plusSeconds(60), LEASE))
        .extracting(StoredDelivery::attempts).containsExactly(1);
  }

  @Test
  void aProviderRetryReachingTheOtherReplicaIsADuplicate() {
    assertThat(replicaA.admit(delivery("order-3")).join()).isInstanceOf(Admission.Stored.class);
    assertThat(replicaB.admit(delivery("order-3")).join()).isInstanceOf(Admission.Duplicate.class);
  }

  private static long stored(Admission admission) {
    assertThat(admission).isInstanceOf(Admission.Stored.class);
    return ((Admission.Stored) admission).id();
  }

  static NewDelivery delivery(String dedupKey) {
    return new NewDelivery("slug-orders", "shop/orders", "github", "push", dedupKey, dedupKey, NOW,
        Map.of("X-GitHub-Event", List.of("push")), ("{\"id\":\"" + dedupKey + "\"}").getBytes(StandardCharsets.UTF_8));
  }
}
