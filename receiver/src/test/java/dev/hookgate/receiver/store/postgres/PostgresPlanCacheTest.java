package dev.hookgate.receiver.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
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
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A prepared statement's plan outliving the table it was made for. The driver prepares the store's statements on
 * the server, and after five runs PostgreSQL may keep one generic plan for the session. Made while the table was
 * small (a new database, the first seconds of a burst), that plan found outcome rows by hashing a sequential scan
 * of every delivery, and kept doing so as the table grew, until an ANALYZE happened to invalidate it; a claim's plan
 * did the same to lease the rows it took. The sessions of claims and outcomes do not scan the table.
 */
class PostgresPlanCacheTest {

  private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

  private PostgresStoreSettings settings;
  private PostgresDeliveryStore store;
  private Connection session;

  @BeforeEach
  void aSmallAnalyzedTable() throws Exception {
    PostgresServer server = PostgresServer.get();
    settings = PostgresStoreSettings.of(server.createDatabase(), server.user(), server.password(),
        Duration.ofHours(72));
    store = new PostgresDeliveryStore(settings);
    for (int i = 0; i < 200; i++) {
      store.admit(PostgresReplicasTest.delivery("delivered-" + i)).join();
    }
    for (StoredDelivery delivery : store.claim("receiver-a", 100, NOW, Duration.ofMinutes(5))) { // 100 stay due
      store.delivered(delivery.id(), new AttemptRecord(1, NOW, 200, "HTTP 200", 3)).join();
    }
    session = storeSession();
    try (Statement statement = session.createStatement()) {
      statement.execute("ALTER TABLE hookgate_delivery SET (autovacuum_enabled = off)");
      statement.execute("ANALYZE hookgate_delivery");
    }
  }

  @AfterEach
  void close() throws SQLException {
    session.close();
    store.close();
  }

  @Test
  void theOutcomeSessionsCommitWithoutWaitingForTheWalFlushAndNeverScanATable() throws Exception {
    try (Statement statement = session.createStatement();
        ResultSet rows = statement.executeQuery("SELECT current_setting('synchronous_commit'),"
            + " current_setting('enable_seqscan')")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo("off");
      assertThat(rows.getString(2)).isEqualTo("off");
    }
  }

  @Test
  void anOutcomePreparedOnASmallTableStillFindsItsDeliveryByPrimaryKeyOnceTheTableHasGrown() throws Exception {
    String outcome = "(ARRAY[%d]::bigint[], ARRAY['DELIVERED'], ARRAY[1], ARRAY[now()], ARRAY[NULL::timestamptz],"
        + " ARRAY['receiver-a'], ARRAY[200], ARRAY['HTTP 200'], ARRAY[3]::bigint[], 7)";

    assertThat(planKeptAfterTheTableGrew(OutcomeTransaction.RECORD, outcome.formatted(-1), outcome.formatted(1)))
        .contains("Index Scan using hookgate_delivery_pkey on hookgate_delivery")
        .doesNotContain("Seq Scan on hookgate_delivery");
  }

  @Test
  void aClaimPreparedOnASmallTableStillTakesItsRowsByIndexOnceTheTableHasGrown() throws Exception {
    String claim = "(now(), now(), 100, 1000000, 'receiver-b', now() + interval '5 minutes',"
        + " now() + interval '5 minutes')";

    assertThat(planKeptAfterTheTableGrew(PostgresDeliveryStore.CLAIM, claim, claim))
        .contains("hookgate_delivery_due")
        .doesNotContain("Seq Scan on hookgate_delivery");
  }

  /**
   * Prepares the store's statement in the session, runs it past the five custom plans after which PostgreSQL may
   * keep a generic one (with {@code firstRuns} arguments, which change nothing), grows the table from 200 rows to
   * 50,200, and returns the plan of a run with {@code measuredRun} arguments.
   */
  private String planKeptAfterTheTableGrew(String statementWithQuestionMarks, String firstRuns, String measuredRun)
      throws SQLException {
    try (Statement statement = session.createStatement()) {
      statement.execute("PREPARE kept AS " + PostgresQueryPlanTest.numbered(statementWithQuestionMarks));
      for (int run = 0; run < 8; run++) {
        statement.execute("EXECUTE kept" + firstRuns);
      }
      statement.execute("INSERT INTO hookgate_delivery (id, route_slug, endpoint, provider, received_at, queued_at,"
          + " headers, body, state, attempts, next_attempt_at, finished_at)"
          + " SELECT nextval('hookgate_delivery_id_seq'), 'slug-orders', 'shop/orders', 'github', now(), now(), '{}',"
          + " convert_to(repeat('x', 1024), 'UTF8'), 'DELIVERED', 1, now(), now() FROM generate_series(1, 50000)");
      StringBuilder plan = new StringBuilder();
      try (ResultSet rows = statement.executeQuery("EXPLAIN EXECUTE kept" + measuredRun)) {
        while (rows.next()) {
          plan.append(rows.getString(1)).append('\n');
        }
      }
      return plan.toString();
    }
  }

  /** A session opened the way the store's outcome pool opens its own: driver properties, then its first statement. */
  private Connection storeSession() throws SQLException {
    HikariConfig pool = PostgresDeliveryStore.relaxedPoolConfig(settings);
    Properties properties = new Properties();
    properties.putAll(pool.getDataSourceProperties());
    properties.setProperty("user", settings.user());
    properties.setProperty("password", settings.password());
    Connection connection = DriverManager.getConnection(settings.jdbcUrl(), properties);
    try (Statement statement = connection.createStatement()) {
      statement.execute(pool.getConnectionInitSql());
    }
    return connection;
  }
}
