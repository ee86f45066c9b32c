package dev.hookgate.receiver.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.HeadersJson;
import dev.hookgate.receiver.store.NewDelivery;
import dev.hookgate.receiver.store.ReplayFilter;
import dev.hookgate.receiver.store.StoreStatistics;
import dev.hookgate.receiver.store.StoreStatistics.EndpointCounts;
import dev.hookgate.receiver.store.StoreUnavailableException;
import dev.hookgate.receiver.store.StoredDelivery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue in PostgreSQL, shared by several receiver replicas. Admits and outcomes are written in batches, one
 * statement each ({@link GroupCommitWriter}, {@link AdmitTransaction}, {@link OutcomeTransaction}); claims take due
 * rows with {@code FOR UPDATE SKIP LOCKED} and lease them, so concurrent claimers never get the same row and a
 * replica that dies mid-delivery has its rows taken over once the lease runs out. An outcome is recorded only
 * while the lease is still the claimer's: a replica whose lease expired and was taken over cannot overwrite the new
 * owner's work.
 *
 * <p>Only admits and replays wait for their WAL flush. Claims and outcomes go through a second pool whose sessions
 * commit with {@code synchronous_commit = off}: losing the last few of them in a database crash only makes their
 * deliveries due again (at least once, as after a receiver crash), and one fsync per outcome would cap delivery
 * throughput far below ingest.
 *
 * <p>Any database failure is a {@link StoreUnavailableException}; the pools replace broken connections on the next
 * call, so the store recovers by itself once the database is back.
 */
public final class PostgresDeliveryStore implements DeliveryStore {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresDeliveryStore.class);

  private static final String DELIVERY_COLUMNS = "id, route_slug, endpoint, provider, event_type,"
      + " provider_delivery_id, dedup_key, received_at, queued_at, headers, body, state, attempts, last_error";

  /** Takes due rows in order until their bodies reach the byte bound (the first always: its bytes before are 0). */
  static final String CLAIM = """
      WITH due AS (
        SELECT id, next_attempt_at AS due_at, octet_length(body) AS body_bytes FROM hookgate_delivery
        WHERE state = 'PENDING' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
        ORDER BY next_attempt_at, id
        LIMIT ?
        FOR UPDATE SKIP LOCKED),
      within AS (
        SELECT id, due_at FROM (
          SELECT id, due_at, sum(body_bytes) OVER (ORDER BY due_at, id) - body_bytes AS bytes_before FROM due) taken
        WHERE bytes_before < ?)
      UPDATE hookgate_delivery d SET lease_owner = ?, lease_until = ?, next_attempt_at = ?
      FROM within WHERE d.id = within.id
      RETURNING d.id, d.route_slug, d.endpoint, d.provider, d.event_type, d.provider_delivery_id, d.dedup_key,
        d.received_at, d.queued_at, d.headers, d.body, d.state, d.attempts, d.last_error, within.due_at""";

  /**
   * "Still pending", for statements that pick one row by id. Written so the planner cannot prove it implies the
   * partial due index's {@code state = 'PENDING'}: with that proof it may scan the whole pending backlog for one id
   * whenever the last ANALYZE saw the backlog small (10 ms per outcome at 60,000 pending, growing with the backlog,
   * exactly when a target comes back after an outage), instead of the primary key (0.1 ms).
   */
  private static final String STILL_PENDING = "(state = 'PENDING') IS TRUE";

  private static final int RELAXED_POOL_SIZE = 4;
  private static final int OUTCOME_WRITERS = 2;
  private static final int MAX_OUTCOME_BATCH = 256;

  /**
   * Totals from their rows (a few per endpoint), counts of the open deliveries from their partial index: neither
   * reads the delivered rows kept for retention. Every delivery received is pending, dead-lettered (kept or pruned)
   * or delivered (kept or pruned), so the delivered count is what is left; outcomes need not count anything.
   */
  static final String STATISTICS = """
      WITH totals AS (
        SELECT endpoint, sum(received) AS received, sum(dead_letters_pruned) AS dead_letters_pruned,
          max(last_received_at) AS last_received,
          (array_agg(last_error ORDER BY last_error_at DESC) FILTER (WHERE last_error_at IS NOT NULL))[1] AS last_error
        FROM hookgate_endpoint_totals GROUP BY endpoint),
      open AS (
        SELECT endpoint, count(*) FILTER (WHERE state = 'PENDING') AS pending,
          count(*) FILTER (WHERE state = 'DEAD_LETTERED') AS dead_lettered,
          min(received_at) FILTER (WHERE state = 'PENDING') AS oldest_pending
        FROM hookgate_delivery WHERE state <> 'DELIVERED' GROUP BY endpoint)
      SELECT endpoint, COALESCE(received, 0) AS received,
        COALESCE(received, 0) - COALESCE(pending, 0) - COALESCE(dead_lettered, 0) - COALESCE(dead_letters_pruned, 0)
          AS delivered,
        COALESCE(pending, 0) AS pending, COALESCE(dead_lettered, 0) AS dead_lettered, oldest_pending, last_received,
        last_error
      FROM totals FULL JOIN open USING (endpoint)""";

  /** Dead letters past their retention go, tallied per endpoint so the delivered count (what is left) stays right. */
  private static final String PRUNE_DEAD_LETTERS = """
      WITH gone AS (
        DELETE FROM hookgate_delivery WHERE state = 'DEAD_LETTERED' AND finished_at < ? RETURNING endpoint),
      tallied AS (
        INSERT INTO hookgate_endpoint_totals AS totals (endpoint, slot, dead_letters_pruned)
        SELECT endpoint, ?, count(*) FROM gone GROUP BY endpoint ORDER BY endpoint
        ON CONFLICT (endpoint, slot) DO UPDATE SET
          dead_letters_pruned = totals.dead_letters_pruned + EXCLUDED.dead_letters_pruned)
      SELECT count(*) FROM gone""";

  private static final String LEASE_IS_OURS = "lease_owner = ?";

  private final HikariDataSource pool;
  /** For claims and outcomes: commits that do not wait for their WAL flush. */
  private final HikariDataSource relaxedPool;
  private final AdmitTransaction admitTransaction;
  private final GroupCommitWriter<AdmitTransaction.Request, Admission> admits;
  /** Outcomes, a batch per statement; with the postponer and the claimer, they use the relaxed pool's connections. */
  private final GroupCommitWriter<OutcomeTransaction.Outcome, Boolean> outcomes;
  private final ExecutorService postponer = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "delivery-postponer");
    thread.setDaemon(true);
    return thread;
  });
  /** Who claimed each delivery this store handed out and has no outcome for yet. */
  private final Map<Long, String> claims = new ConcurrentHashMap<>();
  private final Object schemaLock = new Object();
  private volatile boolean schemaReady;
  private volatile String sharedId;

  public PostgresDeliveryStore(PostgresStoreSettings settings) {
    this.pool = new HikariDataSource(poolConfig(settings, "hookgate-store", settings.poolSize()));
    this.relaxedPool = new HikariDataSource(relaxedPoolConfig(settings));
    this.admitTransaction = new AdmitTransaction(settings.dedupWindow());
    this.admits = new GroupCommitWriter<>("admit", this::commitAdmits, settings.admitWriters(),
        settings.maxAdmitBatch());
    this.outcomes = new GroupCommitWriter<>("outcome", this::commitOutcomes, OUTCOME_WRITERS, MAX_OUTCOME_BATCH);
    try {
      ensureSchema();
    } catch (StoreUnavailableException e) {
      LOG.warn("PostgreSQL store: the database is not reachable yet; the schema is created on first use", e);
    }
  }

  /**
   * The pool of claims, postpones and outcomes. Their commits do not wait for the WAL flush. Their statements find
   * rows by an index (the due index, the primary key), never by reading the table: without sequential scans, a plan
   * the driver's prepared statement keeps from the table's first seconds (when reading all of it was cheapest) still
   * uses an index once the table holds days of deliveries (PostgresPlanCacheTest).
   */
  static HikariConfig relaxedPoolConfig(PostgresStoreSettings settings) {
    HikariConfig relaxed = poolConfig(settings, "hookgate-store-outcomes", RELAXED_POOL_SIZE);
    // A statement, not the driver's startup options: connection poolers such as PgBouncer refuse those.
    relaxed.setConnectionInitSql(
        "SELECT set_config('synchronous_commit', 'off', false), set_config('enable_seqscan', 'off', false)");
    return relaxed;
  }

  private static HikariConfig poolConfig(PostgresStoreSettings settings, String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(size, settings.admitWriters()));
    config.setConnectionTimeout(settings.connectTimeout().toMillis());
    // start even when the database is down: the receiver answers 503 until it is back
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("connectTimeout", Math.max(1, settings.connectTimeout().toSeconds()));
    config.addDataSourceProperty("socketTimeout", 60);
    config.addDataSourceProperty("tcpKeepAlive", true);
    config.addDataSourceProperty("reWriteBatchedInserts", true);
    config.addDataSourceProperty("ApplicationName", "hookgate-receiver");
    return config;
  }

  @Override
  public CompletableFuture<Admission> admit(NewDelivery delivery, Lease lease) {
    return admits.submit(new AdmitTransaction.Request(delivery, lease)).thenApply(admission -> {
      if (lease != null && admission instanceof Admission.Stored stored) {
        claims.put(stored.id(), lease.owner());
      }
      return admission;
    });
  }

  private List<Admission> commitAdmits(List<AdmitTransaction.Request> batch) {
    ensureSchema();
    try (Connection connection = pool.getConnection()) {
      return admitTransaction.commit(connection, batch);
    } catch (SQLException e) {
      throw unavailable("admitting deliveries", e);
    }
  }

  @Override
  public List<StoredDelivery> claim(String owner, int max, long maxBodyBytes, Instant now, Duration lease) {
    ensureSchema();
    try (Connection connection = relaxedPool.getConnection();
        PreparedStatement statement = connection.prepareStatement(CLAIM)) {
      statement.setObject(1, SqlTime.of(now));
      statement.setObject(2, SqlTime.of(now));
      statement.setInt(3, max);
      statement.setLong(4, maxBodyBytes);
      statement.setString(5, owner);
      // Leased rows are not due until the lease runs out: later claims do not walk past them in the due index.
      statement.setObject(6, SqlTime.of(now.plus(lease)));
      statement.setObject(7, SqlTime.of(now.plus(lease)));
      // UPDATE ... RETURNING keeps no order: sort the claimed rows as they were chosen, oldest due first
      List<StoredDelivery> claimed = readDeliveries(statement, "due_at");
      claimed.forEach(delivery -> claims.put(delivery.id(), owner));
      return claimed;
    } catch (SQLException e) {
      throw unavailable("claiming deliveries", e);
    }
  }

  /**
   * Renewals go through the pool whose commits wait for the WAL flush: a renewal lost in a database crash would let
   * another replica take over a delivery its owner is still sending. Leased rows stay out of the due index's range.
   */
  @Override
  public Set<Long> renew(String owner, Collection<Long> ids, Instant until) {
    ensureSchema();
    String sql = "UPDATE hookgate_delivery SET lease_until = ?, next_attempt_at = ? WHERE id = ANY (?) AND "
        + STILL_PENDING + " AND " + LEASE_IS_OURS + " RETURNING id";
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, SqlTime.of(until));
      statement.setObject(2, SqlTime.of(until));
      statement.setArray(3, SqlArrays.bigints(connection, List.copyOf(ids), id -> id));
      statement.setString(4, owner);
      Set<Long> renewed = new HashSet<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          renewed.add(rows.getLong(1));
        }
      }
      return renewed;
    } catch (SQLException e) {
      throw unavailable("renewing delivery leases", e);
    }
  }

  /** {@code ?}s: next attempt, id, then the lease owner when {@code leaseOwned}. */
  static String postponeSql(boolean leaseOwned) {
    return "UPDATE hookgate_delivery SET next_attempt_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND "
        + STILL_PENDING + " AND " + (leaseOwned ? LEASE_IS_OURS : "lease_owner IS NULL");
  }

  @Override
  public CompletableFuture<Void> postpone(long id, Instant nextAttemptAt) {
    return postponeWrite(() -> postponeNow(id, nextAttemptAt));
  }

  private void postponeNow(long id, Instant nextAttemptAt) {
    ensureSchema();
    String owner = claims.get(id);
    try (Connection connection = relaxedPool.getConnection();
        PreparedStatement statement = connection.prepareStatement(postponeSql(owner != null))) {
      statement.setObject(1, SqlTime.of(nextAttemptAt));
      statement.setLong(2, id);
      if (owner != null) {
        statement.setString(3, owner);
      }
      statement.executeUpdate();
      claims.remove(id);
    } catch (SQLException e) {
      throw unavailable("postponing a delivery", e);
    }
  }

  @Override
  public CompletableFuture<Void> delivered(long id, AttemptRecord attempt) {
    return recordOutcome(id, attempt, StoredDelivery.State.DELIVERED, null);
  }

  @Override
  public CompletableFuture<Void> retryLater(long id, AttemptRecord attempt, Instant nextAttemptAt) {
    return recordOutcome(id, attempt, StoredDelivery.State.PENDING, nextAttemptAt);
  }

  @Override
  public CompletableFuture<Void> deadLetter(long id, AttemptRecord attempt) {
    return recordOutcome(id, attempt, StoredDelivery.State.DEAD_LETTERED, null);
  }

  /** A postpone on its own thread (JDBC blocks; postpones are rare: a throttled or busy target). */
  private CompletableFuture<Void> postponeWrite(Runnable write) {
    try {
      return CompletableFuture.runAsync(write, postponer);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new StoreUnavailableException("the delivery store is closed", e));
    }
  }

  private CompletableFuture<Void> recordOutcome(long id, AttemptRecord attempt, StoredDelivery.State state,
      Instant nextAttemptAt) {
    return outcomes.submit(new OutcomeTransaction.Outcome(id, state, attempt, nextAttemptAt, claims.get(id)))
        .thenAccept(recorded -> {
          if (!recorded) {
            LOG.info("Delivery {}: outcome not recorded, its lease was taken over or it is no longer pending", id);
          }
          claims.remove(id);
        });
  }

  private List<Boolean> commitOutcomes(List<OutcomeTransaction.Outcome> batch) {
    ensureSchema();
    try (Connection connection = relaxedPool.getConnection()) {
      return OutcomeTransaction.commit(connection, batch);
    } catch (SQLException e) {
      throw unavailable("recording attempts", e);
    }
  }

  @Override
  public int replay(ReplaySelection selection, Instant now) {
    ensureSchema();
    ReplayFilter filter = ReplayFilter.of(selection, SqlTime::of);
    String sql = "UPDATE hookgate_delivery SET state = 'PENDING', queued_at = ?, next_attempt_at = ?,"
        + " finished_at = NULL, lease_owner = NULL, lease_until = NULL WHERE state = 'DEAD_LETTERED' AND "
        + filter.where();
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, SqlTime.of(now));
      statement.setObject(2, SqlTime.of(now));
      for (int i = 0; i < filter.parameters().size(); i++) {
        statement.setObject(i + 3, filter.parameters().get(i));
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("replaying dead letters", e);
    }
  }

  @Override
  public List<StoredDelivery> deadLetters(String endpoint, int limit) {
    ensureSchema();
    String sql = "SELECT " + DELIVERY_COLUMNS + " FROM hookgate_delivery"
        + " WHERE endpoint = ? AND state = 'DEAD_LETTERED' ORDER BY received_at DESC, id DESC LIMIT ?";
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, endpoint);
      statement.setInt(2, limit);
      return readDeliveries(statement);
    } catch (SQLException e) {
      throw unavailable("reading dead letters", e);
    }
  }

  @Override
  public Optional<StoredDelivery> find(long id) {
    ensureSchema();
    String sql = "SELECT " + DELIVERY_COLUMNS + " FROM hookgate_delivery WHERE id = ?";
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, id);
      return readDeliveries(statement).stream().findFirst();
    } catch (SQLException e) {
      throw unavailable("reading a delivery", e);
    }
  }

  @Override
  public List<AttemptRecord> history(long id) {
    ensureSchema();
    String sql = "SELECT attempt, at, status_code, detail, duration_millis FROM hookgate_attempt"
        + " WHERE delivery_id = ? ORDER BY at, id";
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, id);
      List<AttemptRecord> attempts = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          attempts.add(new AttemptRecord(rows.getInt("attempt"), SqlTime.read(rows, "at"),
              rows.getInt("status_code"), rows.getString("detail"), rows.getLong("duration_millis")));
        }
      }
      return attempts;
    } catch (SQLException e) {
      throw unavailable("reading a delivery's history", e);
    }
  }

  @Override
  public Optional<String> sharedId() {
    return Optional.ofNullable(sharedId);
  }

  @Override
  public StoreStatistics statistics(Instant now) {
    ensureSchema();
    String size = "SELECT pg_total_relation_size('hookgate_delivery') + pg_total_relation_size('hookgate_attempt')"
        + " + pg_total_relation_size('hookgate_dedup') + pg_total_relation_size('hookgate_endpoint_totals')";
    try (Connection connection = pool.getConnection()) {
      Map<String, EndpointCounts> perEndpoint = new LinkedHashMap<>();
      try (PreparedStatement statement = connection.prepareStatement(STATISTICS);
          ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String endpoint = rows.getString("endpoint");
          perEndpoint.put(endpoint, new EndpointCounts(rows.getLong("received"), rows.getLong("delivered"),
              rows.getLong("pending"), rows.getLong("dead_lettered"), SqlTime.read(rows, "oldest_pending"),
              SqlTime.read(rows, "last_received"), rows.getString("last_error")));
        }
      }
      long sizeBytes;
      try (PreparedStatement statement = connection.prepareStatement(size);
          ResultSet rows = statement.executeQuery()) {
        rows.next();
        sizeBytes = rows.getLong(1);
      }
      return new StoreStatistics(perEndpoint, sizeBytes);
    } catch (SQLException e) {
      throw unavailable("reading statistics", e);
    }
  }

  @Override
  public int prune(Instant deliveredBefore, Instant deadLettersBefore, Instant dedupBefore) {
    ensureSchema();
    String deliveries = "DELETE FROM hookgate_delivery WHERE state = 'DELIVERED' AND finished_at < ?";
    try (Connection connection = pool.getConnection();
        PreparedStatement pruneDeliveries = connection.prepareStatement(deliveries);
        PreparedStatement pruneDeadLetters = connection.prepareStatement(PRUNE_DEAD_LETTERS);
        PreparedStatement pruneKeys = connection.prepareStatement("DELETE FROM hookgate_dedup WHERE first_seen < ?")) {
      pruneDeliveries.setObject(1, SqlTime.of(deliveredBefore));
      pruneDeadLetters.setObject(1, SqlTime.of(deadLettersBefore));
      pruneDeadLetters.setInt(2, PostgresSchema.anySlot());
      pruneKeys.setObject(1, SqlTime.of(dedupBefore));
      int deadLetters;
      try (ResultSet rows = pruneDeadLetters.executeQuery()) {
        rows.next();
        deadLetters = rows.getInt(1);
      }
      return pruneDeliveries.executeUpdate() + deadLetters + pruneKeys.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("pruning", e);
    }
  }

  @Override
  public void close() {
    admits.close();
    outcomes.close();
    postponer.shutdown();
    try {
      postponer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.close();
    relaxedPool.close();
  }

  private void ensureSchema() {
    if (schemaReady) {
      return;
    }
    synchronized (schemaLock) {
      if (schemaReady) {
        return;
      }
      try (Connection connection = pool.getConnection()) {
        sharedId = PostgresSchema.create(connection);
        schemaReady = true;
      } catch (SQLException e) {
        throw unavailable("creating the schema", e);
      }
    }
  }

  private static List<StoredDelivery> readDeliveries(PreparedStatement statement) throws SQLException {
    return readDeliveries(statement, null);
  }

  /** @param sortColumn a time column to order the rows by (then by id); null keeps the query's order */
  private static List<StoredDelivery> readDeliveries(PreparedStatement statement, String sortColumn)
      throws SQLException {
    List<StoredDelivery> deliveries = new ArrayList<>();
    Map<Long, Instant> sortKeys = new HashMap<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        if (sortColumn != null) {
          sortKeys.put(rows.getLong("id"), SqlTime.read(rows, sortColumn));
        }
        NewDelivery delivery = new NewDelivery(rows.getString("route_slug"), rows.getString("endpoint"),
            rows.getString("provider"), rows.getString("event_type"), rows.getString("provider_delivery_id"),
            rows.getString("dedup_key"), SqlTime.read(rows, "received_at"),
            HeadersJson.read(rows.getString("headers")), rows.getBytes("body"));
        deliveries.add(new StoredDelivery(rows.getLong("id"), delivery, rows.getInt("attempts"),
            StoredDelivery.State.valueOf(rows.getString("state")), rows.getString("last_error"),
            SqlTime.read(rows, "queued_at")));
      }
    }
    if (sortColumn != null) {
      deliveries.sort(Comparator.comparing((StoredDelivery delivery) -> sortKeys.get(delivery.id()))
          .thenComparingLong(StoredDelivery::id));
    }
    return deliveries;
  }

  private static StoreUnavailableException unavailable(String what, SQLException e) {
    return new StoreUnavailableException(
        "PostgreSQL store: " + what + " failed (SQLState " + e.getSQLState() + ")", e);
  }
}
