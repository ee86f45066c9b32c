package dev.hookgate.receiver.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

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
      "CREATE INDEX IF NOT EXISTS hookgate_delivery_endpoint ON hookgate_delivery (endpoint, state, received_at)",
      "CREATE INDEX IF NOT EXISTS hookgate_delivery_finished ON hookgate_delivery (finished_at)"
          + " WHERE state = 'DELIVERED'",
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
      // what pruning took away, so the per-endpoint totals survive it; admits never touch this table
      """
      CREATE TABLE IF NOT EXISTS hookgate_pruned (
        endpoint TEXT PRIMARY KEY,
        delivered BIGINT NOT NULL,
        last_received_at TIMESTAMPTZ NOT NULL)""");

  private PostgresSchema() {}

  static void create(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
      for (String ddl : STATEMENTS) {
        statement.execute(ddl);
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}
