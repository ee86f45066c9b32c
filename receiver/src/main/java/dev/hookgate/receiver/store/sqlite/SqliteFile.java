package dev.hookgate.receiver.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The store's database file: opens connections (WAL, {@code synchronous=FULL}), creates the schema, and tells
 * whether the file a connection was opened on is still the one at the path (a volume remounted or the file
 * replaced under us means: reopen). A writer connection is opened only by the file's one owner process
 * ({@link StoreOwnerLock}).
 */
final class SqliteFile {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteFile.class);

  /*
   * The predicates of the partial indexes. SQLite uses a partial index only for a query whose WHERE clause has the
   * index's predicate as one of its terms, written the same way (not a bound parameter, not a term that merely
   * implies it), so the store's statements use these same strings.
   */
  static final String IS_PENDING = "state = 'PENDING'";
  static final String IS_OPEN = "state <> 'DELIVERED'";
  static final String IS_DELIVERED = "state = 'DELIVERED'";
  static final String IS_DEAD_LETTERED = "state = 'DEAD_LETTERED'";

  private static final String[] SCHEMA = {
      """
      CREATE TABLE IF NOT EXISTS deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        slug TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        provider TEXT NOT NULL,
        event_type TEXT,
        provider_delivery_id TEXT,
        dedup_key TEXT,
        received_at INTEGER NOT NULL,
        headers TEXT NOT NULL,
        body BLOB NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        queued_at INTEGER NOT NULL,
        lease_owner TEXT,
        lease_until INTEGER,
        last_error TEXT,
        finished_at INTEGER)""",
      // Partial: most rows are delivered ones kept for their retention, and a delivery changing state leaves an
      // index instead of moving inside it (fewer pages written per delivery).
      "CREATE INDEX IF NOT EXISTS deliveries_pending_due ON deliveries (next_attempt_at) WHERE " + IS_PENDING,
      "CREATE INDEX IF NOT EXISTS deliveries_open ON deliveries (endpoint, state, received_at) WHERE " + IS_OPEN,
      "CREATE INDEX IF NOT EXISTS deliveries_delivered ON deliveries (finished_at) WHERE " + IS_DELIVERED,
      "CREATE INDEX IF NOT EXISTS deliveries_dead_lettered ON deliveries (finished_at) WHERE " + IS_DEAD_LETTERED,
      // their full predecessors, in files written before
      "DROP INDEX IF EXISTS deliveries_due",
      "DROP INDEX IF EXISTS deliveries_endpoint",
      "DROP INDEX IF EXISTS deliveries_finished",
      """
      CREATE TABLE IF NOT EXISTS attempts (
        delivery_id INTEGER NOT NULL,
        attempt INTEGER NOT NULL,
        at INTEGER NOT NULL,
        status INTEGER NOT NULL,
        detail TEXT,
        duration_ms INTEGER NOT NULL)""",
      "CREATE INDEX IF NOT EXISTS attempts_delivery ON attempts (delivery_id, attempt)",
      """
      CREATE TABLE IF NOT EXISTS dedup_keys (
        slug TEXT NOT NULL,
        dedup_key TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        stored_here INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (slug, dedup_key)) WITHOUT ROWID""",
      "CREATE INDEX IF NOT EXISTS dedup_keys_first_seen ON dedup_keys (first_seen)",
      // Totals survive pruning: status.deliveries.received/delivered count since the store was created.
      """
      CREATE TABLE IF NOT EXISTS endpoint_totals (
        endpoint TEXT PRIMARY KEY,
        received INTEGER NOT NULL DEFAULT 0,
        delivered INTEGER NOT NULL DEFAULT 0,
        last_received_at INTEGER,
        last_error TEXT)""",
      // The totals other receivers moved here when they drained, by transfer, so a resent transfer adds nothing.
      "CREATE TABLE IF NOT EXISTS adopted_totals (transfer TEXT PRIMARY KEY) WITHOUT ROWID"};

  private final Path path;
  private StoreOwnerLock owner; // guarded by this
  private boolean ownedBefore; // guarded by this
  private boolean leasesToRelease; // guarded by this
  private boolean released; // guarded by this
  private volatile String heldBy;

  SqliteFile(Path path) {
    this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
  }

  Path path() {
    return path;
  }

  /** A connection with the schema in place; {@code writer} ones are in manual-commit mode. */
  Connection open(boolean writer) throws SQLException {
    try {
      Files.createDirectories(path.getParent());
    } catch (IOException e) {
      throw new SQLException("cannot create the store's directory " + path.getParent(), e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(5_000);
    // Otherwise the driver matches every executed statement against an INSERT pattern and compiles and runs
    // "SELECT last_insert_rowid()" after each insert; nothing here reads generated keys (ids come from RETURNING).
    config.setGetGeneratedKeys(false);
    if (writer) {
      takeOwnership();
    }
    Connection connection = config.createConnection("jdbc:sqlite:" + path);
    try {
      if (writer) {
        try (Statement statement = connection.createStatement()) {
          for (String ddl : SCHEMA) {
            statement.execute(ddl);
          }
          addStoredHere(statement);
        }
        releaseLeftLeases(connection);
        connection.setAutoCommit(false);
      }
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Makes this process the file's owner, if it is not yet.
   *
   * @throws SQLException another process owns the file (its description in the message)
   */
  synchronized void takeOwnership() throws SQLException {
    if (owner != null && owner.stillHeld()) {
      return;
    }
    if (released) {
      throw new SQLException("the delivery store is closed");
    }
    if (owner != null) {
      LOG.warn("The delivery store's lock file {} was replaced or removed: taking it again",
          StoreOwnerLock.pathFor(path));
      owner.close();
      owner = null;
    }
    try {
      owner = StoreOwnerLock.acquire(StoreOwnerLock.pathFor(path), StoreOwnerLock.describeThisProcess());
    } catch (StoreOwnerLock.HeldElsewhere e) {
      String message = "the store file " + path + " is in use by another process (" + e.holder()
          + "): a store file has one receiver at a time; this one takes it over once that process has stopped";
      if (!e.holder().equals(heldBy)) {
        LOG.warn("Not ready: {}", message);
      }
      heldBy = e.holder();
      throw new SQLException(message);
    } catch (IOException e) {
      heldBy = null; // not another process's: the volume's
      throw new SQLException("cannot open the store's lock file " + StoreOwnerLock.pathFor(path), e);
    }
    if (heldBy != null) {
      LOG.info("The store file {} is this receiver's now ({} has stopped)", path, heldBy);
    }
    heldBy = null;
    if (!ownedBefore) {
      ownedBefore = true;
      leasesToRelease = true; // whatever leases the file holds now were taken by another process
    }
  }

  /** Who owns the file when another process does; also tries to become its owner, so that it says how it is now. */
  Optional<String> ownedElsewhere() {
    try {
      takeOwnership();
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.ofNullable(heldBy);
    }
  }

  /** Lets another process own the file: for good, the store is closed. */
  synchronized void releaseOwnership() {
    released = true;
    if (owner != null) {
      owner.close();
      owner = null;
    }
  }

  /**
   * Leases in the file when this process became its owner were taken by another one, which has stopped: their
   * deliveries are due at once (as of their arrival, so that a claim whose time was read before this ran takes them).
   */
  private synchronized void releaseLeftLeases(Connection connection) throws SQLException {
    if (!leasesToRelease) {
      return;
    }
    try (PreparedStatement release = connection.prepareStatement("UPDATE deliveries SET lease_owner = NULL,"
        + " lease_until = NULL, next_attempt_at = MIN(next_attempt_at, received_at) WHERE " + IS_PENDING
        + " AND lease_owner IS NOT NULL")) {
      int released = release.executeUpdate();
      if (released > 0) {
        LOG.info("Released {} delivery leases left by an earlier receiver process", released);
      }
    }
    leasesToRelease = false;
  }

  /**
   * {@code dedup_keys.stored_here}: 0 for a key another receiver copied here (this one keeps it as its owner or
   * backup) without the delivery. Files written before it have it added as 1 for every key, as they were read then.
   */
  private static void addStoredHere(Statement statement) throws SQLException {
    try (ResultSet column = statement.executeQuery(
        "SELECT 1 FROM pragma_table_info('dedup_keys') WHERE name = 'stored_here'")) {
      if (column.next()) {
        return;
      }
    }
    statement.execute("ALTER TABLE dedup_keys ADD COLUMN stored_here INTEGER NOT NULL DEFAULT 1");
  }

  /** The file's identity (inode), or null when there is no file at the path. */
  Object identity() {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** The database file and its write-ahead log, in bytes. */
  long sizeOnDisk() {
    return sizeOf(path) + sizeOf(Path.of(path + "-wal"));
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) { // none yet, or gone: nothing on disk
      return 0;
    }
  }
}
