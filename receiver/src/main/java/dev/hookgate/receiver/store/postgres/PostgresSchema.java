package dev.hookgate.receiver.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The store's tables, created when missing. Replicas starting together serialise on an advisory lock: two
 * concurrent {@code CREATE TABLE IF NOT EXISTS} of one table can otherwise fail on the catalog's unique index.
 */
final class PostgresSchema {

  /** Any constant unique to hookgate: the key of the advisory lock held while the schema is created. */
  private static final long SCHEMA_LOCK = 0x686f6f6b67617465L;

  private static final List<String> STATEMENTS = List.of(
      """
      CREATE TABLE IF NOT EXISTS hookgate_delivery (
        id BIGSERIAL PRIMARY KEY,
        route_slug TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        provider TEXT NOT NULL,
        event_type TEXT,
        provider_delivery_id TEXT,
        dedup_key TEXT,
        received_at TIMESTAMPTZ NOT NULL,
        queued_at TIMESTAMPTZ NOT NULL,
        headers TEXT NOT NULL,
        body BYTEA NOT NULL,
        state TEXT NOT NULL,
        attempts INT NOT NULL DEFAULT 0,
        next_attempt_at TIMESTAMPTZ NOT NULL,
        lease_owner TEXT,
        lease_until TIMESTAMPTZ,
        finished_at TIMESTAMPTZ,
        last_error TEXT,
        last_error_at TIMESTAMPTZ)""",
      "CREATE INDEX IF NOT EXISTS hookgate_delivery_due ON hookgate_delivery (next_attempt_at)"
          + " WHERE state = 'PENDING'",
      // Open deliveries only: statistics and dead-letter reads never walk the delivered rows kept for retention.
      "CREATE INDEX IF NOT EXISTS hookgate_delivery_open ON hookgate_delivery (endpoint, state, received_at)"
          + " WHERE state <> 'DELIVERED'",
      "DROP INDEX IF EXISTS hookgate_delivery_endpoint",
      "CREATE INDEX IF NOT EXISTS hookgate_delivery_finished ON hookgate_delivery (finished_at)"
          + " WHERE state = 'DELIVERED'",
      "CREATE INDEX IF NOT EXISTS hookgate_delivery_dead_lettered ON hookgate_delivery (finished_at)"
          + " WHERE state = 'DEAD_LETTERED'",
      """
      CREATE TABLE IF NOT EXISTS hookgate_attempt (
        id BIGSERIAL PRIMARY KEY,
        delivery_id BIGINT NOT NULL REFERENCES hookgate_delivery (id) ON DELETE CASCADE,
        attempt INT NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        status_code INT NOT NULL,
        detail TEXT,
        duration_millis BIGINT NOT NULL)""",
      "CREATE INDEX IF NOT EXISTS hookgate_attempt_delivery ON hookgate_attempt (delivery_id)",
      """
      CREATE TABLE IF NOT EXISTS hookgate_dedup (
        route_slug TEXT NOT NULL,
        dedup_key TEXT NOT NULL,
        first_seen TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (route_slug, dedup_key))""",
      "CREATE INDEX IF NOT EXISTS hookgate_dedup_first_seen ON hookgate_dedup (first_seen)",
      // Totals per endpoint, kept as they happen (they survive pruning, and statistics read a few rows instead of
      // counting every row kept): each admit batch, and each failed attempt, writes one of SLOTS rows of its
      // endpoint, picked at random, so concurrent writers (several receivers, several threads) rarely wait for each
      // other's row lock.
      """
      CREATE TABLE IF NOT EXISTS hookgate_endpoint_totals (
        endpoint TEXT NOT NULL,
        slot SMALLINT NOT NULL,
        received BIGINT NOT NULL DEFAULT 0,
        dead_letters_pruned BIGINT NOT NULL DEFAULT 0,
        last_received_at TIMESTAMPTZ,
        last_error TEXT,
        last_error_at TIMESTAMPTZ,
        PRIMARY KEY (endpoint, slot))""",
      "ALTER TABLE hookgate_endpoint_totals ADD COLUMN IF NOT EXISTS dead_letters_pruned BIGINT NOT NULL DEFAULT 0",
      // The database's one id (DeliveryStore.sharedId): the receivers on it report it, and the operator counts the
      // deliveries of one id once.
      """
      CREATE TABLE IF NOT EXISTS hookgate_store (
        singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
        id TEXT NOT NULL)""");

  /** How many rows of totals an endpoint has at most. */
  static final int SLOTS = 64;

  /** The row of totals one statement writes, of the {@link #SLOTS} of each endpoint. */
  static int anySlot() {
    return ThreadLocalRandom.current().nextInt(SLOTS);
  }

  /**
   * For a database written before the totals table existed: totals from the rows kept and from what pruning had
   * tallied (in the table it replaces). Runs only when the totals table is created.
   */
  private static final String SEED_TOTALS = """
      INSERT INTO hookgate_endpoint_totals (endpoint, slot, received, last_received_at)
      SELECT endpoint, 0, count(d.id) + COALESCE(max(p.delivered), 0), GREATEST(max(d.received_at),
        max(p.last_received_at))
      FROM hookgate_delivery d FULL JOIN %s p USING (endpoint)
      GROUP BY endpoint""";

  private PostgresSchema() {}

  private static boolean exists(Statement statement, String table) throws SQLException {
    try (ResultSet rows = statement.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
      rows.next();
      return rows.getBoolean(1);
    }
  }

  /** Creates what is missing and returns the store's id ({@code hookgate_store}, made on first use). */
  static String create(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
      boolean newTotals = !exists(statement, "hookgate_endpoint_totals");
      for (String ddl : STATEMENTS) {
        statement.execute(ddl);
      }
      if (newTotals) {
        boolean pruned = exists(statement, "hookgate_pruned");
        statement.execute(SEED_TOTALS.formatted(pruned ? "hookgate_pruned"
            : "(SELECT NULL::text AS endpoint, NULL::bigint AS delivered, NULL::timestamptz AS last_received_at"
                + " WHERE false)"));
        statement.execute("DROP TABLE IF EXISTS hookgate_pruned");
      }
      String id;
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO hookgate_store (id) VALUES (?) ON CONFLICT DO NOTHING")) {
        insert.setString(1, UUID.randomUUID().toString());
        insert.executeUpdate();
      }
      try (ResultSet rows = statement.executeQuery("SELECT id FROM hookgate_store")) {
        rows.next();
        id = rows.getString(1);
      }
      connection.commit();
      return id;
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}
