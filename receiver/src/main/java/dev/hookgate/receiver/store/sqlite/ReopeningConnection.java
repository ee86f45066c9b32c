package dev.hookgate.receiver.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the store file, opened on first use and opened again after a failure or when the file at the
 * path is no longer the one it was opened on: the store recovers by itself once the disk is usable again.
 * Not thread-safe: one owner at a time.
 */
final class ReopeningConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReopeningConnection.class);

  private final SqliteFile file;
  private final boolean writer;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private Connection connection;
  private Object identity;

  ReopeningConnection(SqliteFile file, boolean writer) {
    this.file = file;
    this.writer = writer;
  }

  /**
   * The connection, after checking that the file at the path is still the one it was opened on (a stat call):
   * once per batch or read, not per statement.
   */
  Connection get() throws SQLException {
    if (connection != null && !Objects.equals(identity, file.identity())) {
      LOG.warn("The delivery store file {} was replaced or removed: reopening it", file.path());
      discard();
    }
    return current();
  }

  private Connection current() throws SQLException {
    if (connection == null) {
      connection = file.open(writer);
      identity = file.identity();
    }
    return connection;
  }

  /** A prepared statement, kept for the connection's life. */
  PreparedStatement prepare(String sql) throws SQLException {
    Connection current = current();
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = current.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  void rollbackQuietly() {
    if (connection != null) {
      try {
        connection.rollback();
      } catch (SQLException e) {
        LOG.debug("Rollback failed", e);
      }
    }
  }

  /** Drops the connection after a failure; the next {@link #get} opens a new one. */
  void discard() {
    statements.clear();
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("Closing a failed store connection failed", e);
      }
    }
    connection = null;
    identity = null;
  }

  @Override
  public void close() {
    discard();
  }
}
