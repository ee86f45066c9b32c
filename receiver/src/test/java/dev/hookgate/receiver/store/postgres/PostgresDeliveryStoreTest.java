package dev.hookgate.receiver.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.DeliveryStoreContract;
import dev.hookgate.receiver.store.StoreStatistics.EndpointCounts;
import dev.hookgate.receiver.store.StoredDelivery;
import dev.hookgate.receiver.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresDeliveryStoreTest extends DeliveryStoreContract {

  private String database;

  @Override
  protected DeliveryStore newStore() {
    database = PostgresServer.get().createDatabase();
    return open();
  }

  @Override
  protected DeliveryStore reopen(DeliveryStore store) {
    store.close();
    return open();
  }

  private DeliveryStore open() {
    PostgresServer server = PostgresServer.get();
    return new PostgresDeliveryStore(
        PostgresStoreSettings.of(database, server.user(), server.password(), DEDUP_WINDOW));
  }

  /**
   * Receivers on one database report the same store id, so the operator counts its deliveries once; it survives a
   * reopen, and another database has another.
   */
  @Test
  void receiversOnOneDatabaseShareOneStoreIdAndAnotherDatabaseHasItsOwn() throws Exception {
    String id = store.sharedId().orElseThrow();
    try (DeliveryStore second = open()) {
      assertThat(second.sharedId()).contains(id);
    }
    store = reopen(store);
    assertThat(store.sharedId()).contains(id);
    PostgresServer server = PostgresServer.get();
    try (DeliveryStore elsewhere = new PostgresDeliveryStore(PostgresStoreSettings.of(
        server.createDatabase(), server.user(), server.password(), DEDUP_WINDOW))) {
      assertThat(elsewhere.sharedId().orElseThrow()).isNotEqualTo(id);
    }
  }

  /**
   * Outcomes are written in batches, by two writers: two outcomes of one delivery submitted at once, whether they
   * land in one batch (taken one after the other) or in two (the row lock orders them), record exactly one attempt
   * and the state that attempt decided. Which one wins is not promised; the dispatcher never sends one delivery
   * twice at once.
   */
  @Test
  void twoOutcomesOfOneDeliveryAtOnceRecordExactlyOne() {
    for (int i = 0; i < 20; i++) {
      long id = ((DeliveryStore.Admission.Stored) store.admit(delivery("shop/a", "k" + i, T0)).join()).id();
      store.claim("me", 1, T0, Duration.ofMinutes(1));

      var delivered = store.delivered(id, new AttemptRecord(1, T0.plusMillis(1), 200, "HTTP 200", 1));
      var deadLettered = store.deadLetter(id, new AttemptRecord(2, T0.plusMillis(2), 410, "HTTP 410", 1));
      delivered.join();
      deadLettered.join();

      List<AttemptRecord> history = store.history(id);
      assertThat(history).hasSize(1);
      StoredDelivery.State decided =
          history.get(0).attempt() == 1 ? StoredDelivery.State.DELIVERED : StoredDelivery.State.DEAD_LETTERED;
      assertThat(store.find(id)).get().extracting(StoredDelivery::state).isEqualTo(decided);
    }
  }

  /**
   * A database written before the totals were kept per endpoint had them counted from the rows, plus what pruning
   * had tallied in {@code hookgate_pruned}: the first store opened on it takes both over.
   */
  @Test
  void totalsOfADatabaseWrittenBeforeAreTakenFromItsRowsAndItsPruningTally() throws Exception {
    long delivered = ((DeliveryStore.Admission.Stored) store.admit(delivery("shop/a", "k1", T0)).join()).id();
    store.claim("me", 1, T0, Duration.ofMinutes(1));
    store.delivered(delivered, new AttemptRecord(1, T0, 200, "HTTP 200", 1)).join();
    store.admit(delivery("shop/a", "k2", T0.plusSeconds(1))).join();
    store.close();
    PostgresServer server = PostgresServer.get();
    try (Connection connection = DriverManager.getConnection(database, server.user(), server.password());
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE hookgate_endpoint_totals");
      statement.execute("CREATE TABLE hookgate_pruned (endpoint TEXT PRIMARY KEY, delivered BIGINT NOT NULL,"
          + " last_received_at TIMESTAMPTZ NOT NULL)");
      statement.execute("INSERT INTO hookgate_pruned VALUES ('shop/a', 5, '2025-12-31T00:00:00Z'),"
          + " ('shop/gone', 3, '2025-12-30T00:00:00Z')");
    }

    store = open();

    EndpointCounts a = store.statistics(T0).perEndpoint().get("shop/a");
    assertThat(a.received()).isEqualTo(2 + 5);
    assertThat(a.delivered()).isEqualTo(1 + 5);
    assertThat(a.pending()).isEqualTo(1);
    assertThat(a.lastReceivedAt()).isEqualTo(T0.plusSeconds(1));
    EndpointCounts gone = store.statistics(T0).perEndpoint().get("shop/gone");
    assertThat(gone.received()).isEqualTo(3);
    assertThat(gone.delivered()).isEqualTo(3);
    try (Connection connection = DriverManager.getConnection(database, server.user(), server.password());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT to_regclass('hookgate_pruned') IS NULL")) {
      rows.next();
      assertThat(rows.getBoolean(1)).as("the pruning tally is gone").isTrue();
    }
    assertThat(store.find(delivered)).get().extracting(StoredDelivery::state)
        .isEqualTo(StoredDelivery.State.DELIVERED);
  }
}
