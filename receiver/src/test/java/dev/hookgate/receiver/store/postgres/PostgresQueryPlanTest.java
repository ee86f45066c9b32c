package dev.hookgate.receiver.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.StoredDelivery;
import dev.hookgate.receiver.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plans PostgreSQL picks for the store's per-delivery statements when its statistics are stale in the way a
 * burst or a target outage makes them: the last ANALYZE saw almost nothing pending, and now a backlog of 20,000 is.
 * A statement that picks one row by id must use the primary key, not walk the pending backlog in the partial due
 * index (which made every outcome cost time in proportion to the backlog).
 */
class PostgresQueryPlanTest {

  private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final int BACKLOG = 20_000;

  private PostgresDeliveryStore store;
  private Connection sql;

  @BeforeEach
  void staleStatisticsAndABacklog() throws Exception {
    PostgresServer server = PostgresServer.get();
    String database = server.createDatabase();
    store = new PostgresDeliveryStore(
        PostgresStoreSettings.of(database, server.user(), server.password(), Duration.ofHours(72)));
    for (int i = 0; i < 200; i++) {
      store.admit(PostgresReplicasTest.delivery("delivered-" + i)).join();
    }
    for (StoredDelivery delivery : store.claim("receiver-a", 200, NOW, LEASE)) {
      store.delivered(delivery.id(), new AttemptRecord(1, NOW, 200, "HTTP 200", 3)).join();
    }
    sql = DriverManager.getConnection(database, server.user(), server.password());
    try (Statement statement = sql.createStatement()) {
      statement.execute("ALTER TABLE hookgate_delivery SET (autovacuum_enabled = off)");
      statement.execute("ANALYZE hookgate_delivery"); // nothing pending as far as the planner knows from now on
      statement.execute("INSERT INTO hookgate_delivery (id, route_slug, endpoint, provider, received_at, queued_at,"
          + " headers, body, state, attempts, next_attempt_at)"
          + " SELECT nextval('hookgate_delivery_id_seq'), 'slug-orders', 'shop/orders', 'github', now(), now(), '{}',"
          + " '\\x7b7d', 'PENDING', 0, '2026-11-22T07:00:00Z' FROM generate_series(1, " + BACKLOG + ")");
    }
  }

  @AfterEach
  void close() throws SQLException {
    sql.close();
    store.close();
  }

  @Test
  void anOutcomeFindsItsDeliveryByPrimaryKeyWhateverTheBacklog() throws Exception {
    long id = oneBacklogId();
    String leaseOwned = plan(OutcomeTransaction.RECORD, "ARRAY[" + id + "]::bigint[]", "ARRAY['DELIVERED']",
        "ARRAY[1]", "ARRAY[now()]", "ARRAY[NULL::timestamptz]", "ARRAY['receiver-a']", "ARRAY[200]",
        "ARRAY['HTTP 200']", "ARRAY[3]::bigint[]", "7");
    String leaseFree = plan(OutcomeTransaction.RECORD, "ARRAY[" + id + "]::bigint[]", "ARRAY['PENDING']",
        "ARRAY[1]", "ARRAY[now()]", "ARRAY[now()]", "ARRAY[NULL::text]", "ARRAY[503]",
        "ARRAY['HTTP 503']", "ARRAY[3]::bigint[]", "7");

    assertThat(List.of(leaseOwned, leaseFree)).allSatisfy(plan -> assertThat(plan)
        .contains("Index Scan using hookgate_delivery_pkey on hookgate_delivery")
        .doesNotContain("hookgate_delivery_due"));
  }

  @Test
  void aPostponeFindsItsDeliveryByPrimaryKeyWhateverTheBacklog() throws Exception {
    long id = oneBacklogId();
    for (boolean leaseOwned : List.of(true, false)) {
      List<String> values = new ArrayList<>(List.of("now()", Long.toString(id)));
      if (leaseOwned) {
        values.add("'receiver-a'");
      }
      assertThat(plan(PostgresDeliveryStore.postponeSql(leaseOwned), values.toArray(String[]::new)))
          .contains("Index Scan using hookgate_delivery_pkey on hookgate_delivery")
          .doesNotContain("hookgate_delivery_due");
    }
  }

  @Test
  void aClaimedDeliveryIsNotDueAgainUntilItsLeaseRunsOut() throws Exception {
    List<StoredDelivery> claimed = store.claim("receiver-a", 100, NOW.plusSeconds(3600), LEASE);
    assertThat(claimed).hasSize(100);

    try (Statement statement = sql.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM hookgate_delivery WHERE state = 'PENDING'"
            + " AND lease_owner = 'receiver-a' AND next_attempt_at = lease_until")) {
      rows.next();
      assertThat(rows.getLong(1)).isEqualTo(100);
    }
    // the lease holds them until it runs out, then another receiver takes them over
    assertThat(store.claim("receiver-b", BACKLOG, NOW.plusSeconds(3600).plus(LEASE).minusSeconds(1), LEASE))
        .hasSize(BACKLOG - 100);
    assertThat(store.claim("receiver-b", BACKLOG, NOW.plusSeconds(3600).plus(LEASE), LEASE))
        .extracting(StoredDelivery::id)
        .containsExactlyInAnyOrderElementsOf(claimed.stream().map(StoredDelivery::id).toList());
  }

  @Test
  void statisticsReadTheOpenDeliveriesNotEveryDeliveredRowKept() throws Exception {
    try (Statement statement = sql.createStatement()) {
      statement.execute("DELETE FROM hookgate_delivery WHERE state = 'PENDING'");
      statement.execute("INSERT INTO hookgate_delivery (id, route_slug, endpoint, provider, received_at, queued_at,"
          + " headers, body, state, attempts, next_attempt_at, finished_at)"
          + " SELECT nextval('hookgate_delivery_id_seq'), 'slug-orders', 'shop/orders', 'github', now(), now(), '{}',"
          + " '\\x7b7d', 'DELIVERED', 1, now(), now() FROM generate_series(1, 50000)");
      statement.execute("VACUUM ANALYZE hookgate_delivery");
    }

    assertThat(plan(PostgresDeliveryStore.STATISTICS))
        .contains("hookgate_delivery_open")
        .doesNotContain("Seq Scan on hookgate_delivery");
  }

  private long oneBacklogId() throws SQLException {
    try (Statement statement = sql.createStatement();
        ResultSet rows = statement.executeQuery("SELECT max(id) FROM hookgate_delivery WHERE state = 'PENDING'")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** EXPLAINs the store's statement with its {@code ?}s bound to the given SQL literals, in a rolled-back prepare. */
  private String plan(String statementWithQuestionMarks, String... literals) throws SQLException {
    assertThat(statementWithQuestionMarks.chars().filter(c -> c == '?').count()).as("values for every parameter")
        .isEqualTo(literals.length);
    try (Statement statement = sql.createStatement()) {
      statement.execute("PREPARE measured AS " + numbered(statementWithQuestionMarks));
      String arguments = literals.length == 0 ? "" : "(" + String.join(", ", literals) + ")";
      try (ResultSet rows = statement.executeQuery("EXPLAIN EXECUTE measured" + arguments)) {
        StringBuilder plan = new StringBuilder();
        while (rows.next()) {
          plan.append(rows.getString(1)).append('\n');
        }
        return plan.toString();
      } finally {
        statement.execute("DEALLOCATE measured");
      }
    }
  }

  /** The store's JDBC statement with its {@code ?}s numbered ({@code $1, $2, ...}), for PREPARE. */
  static String numbered(String statementWithQuestionMarks) {
    StringBuilder numbered = new StringBuilder();
    int parameter = 0;
    for (char c : statementWithQuestionMarks.toCharArray()) {
      numbered.append(c == '?' ? "$" + ++parameter : String.valueOf(c));
    }
    return numbered.toString();
  }
}
