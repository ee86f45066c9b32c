package dev.hookgate.receiver.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.store.DeliveryStore.Admission;
import dev.hookgate.receiver.store.StoreUnavailableException;
import dev.hookgate.receiver.store.StoredDelivery;
import dev.hookgate.receiver.testing.PostgresServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The database goes away under a running store and comes back: the store fails fast, then recovers by itself. */
class PostgresOutageTest {

  private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

  @Test
  void whileTheDatabaseIsDownEveryCallIsUnavailableAndAfterItIsBackTheSameStoreWorks() {
    PostgresServer server = PostgresServer.get();
    PostgresStoreSettings settings = new PostgresStoreSettings(server.createDatabase(), server.user(),
        server.password(), 4, 1, 64, Duration.ofHours(72), Duration.ofSeconds(1));
    try (PostgresDeliveryStore store = new PostgresDeliveryStore(settings)) {
      assertThat(store.admit(PostgresReplicasTest.delivery("before")).join()).isInstanceOf(Admission.Stored.class);

      server.stop();
      try {
        assertThatThrownBy(() -> store.admit(PostgresReplicasTest.delivery("during")).join())
            .isInstanceOf(CompletionException.class)
            .hasCauseInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.claim("replica", 10, NOW, Duration.ofSeconds(30)))
            .isInstanceOf(StoreUnavailableException.class);
      } finally {
        server.resume();
      }

      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
          assertThat(store.admit(PostgresReplicasTest.delivery("after")).join())
              .isInstanceOf(Admission.Stored.class));
      // claims and outcomes have their own connections, which come back on their own schedule
      List<StoredDelivery> claimed = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> store.claim("replica", 10, NOW, Duration.ofSeconds(30)), deliveries -> !deliveries.isEmpty());
      assertThat(claimed).extracting(delivery -> delivery.delivery().dedupKey())
          .containsExactlyInAnyOrder("before", "after");
      assertThat(store.admit(PostgresReplicasTest.delivery("during")).join()).isInstanceOf(Admission.Stored.class);
    }
  }

  @Test
  void aStoreStartedWhileTheDatabaseIsDownCreatesItsSchemaOnceItIsUp() {
    PostgresServer server = PostgresServer.get();
    String database = server.createDatabase();
    server.stop();
    PostgresDeliveryStore store;
    try {
      store = new PostgresDeliveryStore(new PostgresStoreSettings(database, server.user(), server.password(), 4, 1,
          64, Duration.ofHours(72), Duration.ofSeconds(1)));
      assertThatThrownBy(() -> store.statistics(NOW)).isInstanceOf(StoreUnavailableException.class);
    } finally {
      server.resume();
    }
    try (store) {
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
          assertThat(store.admit(PostgresReplicasTest.delivery("first")).join())
              .isInstanceOf(Admission.Stored.class));
      assertThat(await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
              .until(() -> store.claim("replica", 1, NOW, Duration.ofSeconds(30)), claimed -> !claimed.isEmpty()))
          .extracting(StoredDelivery::state).containsExactly(StoredDelivery.State.PENDING);
    }
  }
}
