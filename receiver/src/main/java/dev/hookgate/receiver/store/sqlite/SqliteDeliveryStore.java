package dev.hookgate.receiver.store.sqlite;

import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.HeadersJson;
import dev.hookgate.receiver.store.NewDelivery;
import dev.hookgate.receiver.store.ReplayFilter;
import dev.hookgate.receiver.store.StoreFullException;
import dev.hookgate.receiver.store.StoreStatistics;
import dev.hookgate.receiver.store.StoreStatistics.EndpointCounts;
import dev.hookgate.receiver.store.StoreUnavailableException;
import dev.hookgate.receiver.store.StoredDelivery;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: one SQLite file (WAL, {@code synchronous=FULL}) used by one receiver process. Every write
 * goes through one {@link GroupCommitWriter} thread, which commits concurrent admits together; reads use their
 * own connection. Times are stored as epoch milliseconds.
 *
 * <p>One process per file: on opening, leases left by an earlier process (one that crashed mid-delivery) are
 * released at once, so its deliveries are due again without waiting for their leases to run out.
 */
public final class SqliteDeliveryStore implements DeliveryStore {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteDeliveryStore.class);

  private static final String COLUMNS = "id, slug, endpoint, provider, event_type, provider_delivery_id, dedup_key,"
      + " received_at, headers, body, state, attempts, last_error, queued_at";
  /*
   * The statements that must use a partial index (SqliteQueryPlanTest checks they do): due deliveries, dead letters
   * and counts read only open deliveries, pruning only delivered ones, not every row kept for its retention.
   */
  static final String DUE = "SELECT " + COLUMNS + " FROM deliveries WHERE " + SqliteFile.IS_PENDING
      + " AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?";
  static final String DEAD_LETTERS = "SELECT " + COLUMNS + " FROM deliveries WHERE endpoint = ? AND state = ? AND "
      + SqliteFile.IS_OPEN + " ORDER BY received_at DESC, id DESC LIMIT ?";
  static final String OPEN_COUNTS = "SELECT endpoint, state, COUNT(*), MIN(received_at) FROM deliveries WHERE "
      + SqliteFile.IS_OPEN + " GROUP BY endpoint, state";
  static final String PRUNABLE_DELIVERED = "SELECT id FROM deliveries WHERE " + SqliteFile.IS_DELIVERED
      + " AND finished_at < ? LIMIT ?";
  static final String PRUNABLE_DEAD_LETTERS = "SELECT id FROM deliveries WHERE " + SqliteFile.IS_DEAD_LETTERED
      + " AND finished_at < ? LIMIT ?";
  private static final String REMEMBER_RECEIVED_KEY = "INSERT INTO dedup_keys (slug, dedup_key, first_seen)"
      + " VALUES (?, ?, ?) ON CONFLICT (slug, dedup_key) DO UPDATE SET first_seen = excluded.first_seen,"
      + " stored_here = 1 WHERE dedup_keys.first_seen <= ?";
  private static final String REMEMBER_MOVED_KEY = "INSERT INTO dedup_keys (slug, dedup_key, first_seen)"
      + " VALUES (?, ?, ?) ON CONFLICT (slug, dedup_key) DO UPDATE SET first_seen = excluded.first_seen,"
      + " stored_here = 1 WHERE dedup_keys.first_seen <= ? OR dedup_keys.stored_here = 0";
  /* A page of dedup keys in primary-key order, from after the last one of the previous page. */
  static final String DEDUP_KEYS_AFTER = "SELECT slug, dedup_key, first_seen FROM dedup_keys"
      + " WHERE (slug, dedup_key) > (?, ?) AND first_seen >= ? ORDER BY slug, dedup_key LIMIT ?";
  /* What a prune step deletes: the ids come as one JSON array parameter, read back as rows by json_each. */
  static final String DELETE_ATTEMPTS = "DELETE FROM attempts WHERE delivery_id IN (SELECT value FROM json_each(?))";
  static final String DELETE_DELIVERIES = "DELETE FROM deliveries WHERE id IN (SELECT value FROM json_each(?))";
  static final String EXPIRED_DEDUP_KEYS = "DELETE FROM dedup_keys WHERE (slug, dedup_key) IN"
      + " (SELECT slug, dedup_key FROM dedup_keys WHERE first_seen < ? LIMIT ?)";
  /**
   * Rows one prune step deletes at most. Each step is a transaction of the single writer, and admits wait behind it:
   * pruning 300,000 delivered deliveries in one transaction held every admit for 2.9 s (the ack timeout is 5 s).
   */
  static final int PRUNE_STEP = 500;

  /** A store that fails to write for this long takes its receiver out of service; one failed batch does not. */
  static final Duration FAILING_BEFORE_NOT_READY = Duration.ofSeconds(5);

  private static final String PENDING = StoredDelivery.State.PENDING.name();
  private static final String DELIVERED = StoredDelivery.State.DELIVERED.name();
  private static final String DEAD_LETTERED = StoredDelivery.State.DEAD_LETTERED.name();

  private final SqliteFile file;
  private final long maxSizeBytes;
  private final long dedupWindowMillis;
  private final GroupCommitWriter writer;
  private final ReopeningConnection reader;
  private volatile long usedBytes;
  private volatile boolean full;
  /**
   * Full as readiness sees it: from the bound down to 90% of it, so that a store on the bound, filled by the
   * deliveries readiness lets in and emptied by pruning, does not turn its pod ready and not ready by turns (each
   * turn makes every receiver look at its dedup keys again).
   */
  private volatile boolean fullForReadiness;

  /**
   * @param path the database file (created, with its directory, when missing)
   * @param maxSizeBytes new deliveries are refused ({@link StoreFullException}) once the data reach this size
   * @param dedupWindow how long a dedup key makes a later delivery with the same key a duplicate
   * @param maxBatch the most writes committed together
   */
  public SqliteDeliveryStore(Path path, long maxSizeBytes, Duration dedupWindow, int maxBatch) {
    this.file = new SqliteFile(path);
    this.maxSizeBytes = maxSizeBytes;
    this.dedupWindowMillis = dedupWindow.toMillis();
    this.writer = new GroupCommitWriter(file, maxBatch, this::usedBytesNow);
    this.reader = new ReopeningConnection(file, false);
    try {
      writer.call(ReopeningConnection::get); // owns the file from the start, when it can
    } catch (StoreUnavailableException e) {
      LOG.warn("The delivery store {} cannot be opened yet; will retry on use: {}", file.path(), e.getMessage());
    }
  }

  @Override
  public CompletableFuture<Admission> admit(NewDelivery delivery, Lease lease) {
    if (isFull()) {
      return CompletableFuture.failedFuture(new StoreFullException("the delivery store is full"));
    }
    String headers = HeadersJson.write(delivery.headers());
    return writer.submit(db -> admitIn(db, delivery, headers, lease, false));
  }

  /** Whether the data reached the store's bound: no new delivery is taken (said once in the log). */
  private boolean isFull() {
    if (usedBytes < maxSizeBytes) {
      return false;
    }
    if (!full) {
      full = true;
      LOG.warn("The delivery store is full ({} of {} bytes used): new deliveries are answered 503 until"
          + " delivered ones are pruned", usedBytes, maxSizeBytes);
    }
    return true;
  }

  /**
   * @param moved whether another receiver moves the delivery here (a drain): it was counted as received there,
   *     and comes with that receiver's totals ({@link #adoptEndpointTotals}); and it is a duplicate only of a key
   *     that came with a delivery, not of one copied here on its own
   */
  private Admission admitIn(ReopeningConnection db, NewDelivery delivery, String headers, Lease lease,
      boolean moved) throws SQLException {
    long receivedAt = delivery.receivedAt().toEpochMilli();
    if (delivery.dedupKey() != null) {
      // One statement: a new key is inserted, an expired one renewed; a key still in the window changes nothing.
      // A provider's delivery is a duplicate of any key here, a moved one only of a key that came with a delivery:
      // a key copied here without one is not that delivery, which would be lost if the mover deleted it.
      PreparedStatement remember = db.prepare(moved ? REMEMBER_MOVED_KEY : REMEMBER_RECEIVED_KEY);
      remember.setString(1, delivery.routeSlug());
      remember.setString(2, delivery.dedupKey());
      remember.setLong(3, receivedAt);
      remember.setLong(4, receivedAt - dedupWindowMillis);
      if (remember.executeUpdate() == 0) {
        return new Admission.Duplicate();
      }
    }
    PreparedStatement insert = db.prepare("INSERT INTO deliveries (slug, endpoint, provider, event_type,"
        + " provider_delivery_id, dedup_key, received_at, headers, body, state, attempts, next_attempt_at, queued_at,"
        + " lease_owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) RETURNING id");
    insert.setString(1, delivery.routeSlug());
    insert.setString(2, delivery.endpoint());
    insert.setString(3, delivery.provider());
    setNullable(insert, 4, delivery.eventType());
    setNullable(insert, 5, delivery.providerDeliveryId());
    setNullable(insert, 6, delivery.dedupKey());
    insert.setLong(7, receivedAt);
    insert.setString(8, headers);
    insert.setBytes(9, delivery.body());
    insert.setString(10, PENDING);
    // A leased delivery is not due until its lease runs out, as after a claim.
    insert.setLong(11, lease == null ? receivedAt : lease.until().toEpochMilli());
    insert.setLong(12, receivedAt);
    setNullable(insert, 13, lease == null ? null : lease.owner());
    if (lease == null) {
      insert.setNull(14, Types.INTEGER);
    } else {
      insert.setLong(14, lease.until().toEpochMilli());
    }
    long id;
    try (ResultSet keys = insert.executeQuery()) {
      keys.next();
      id = keys.getLong(1);
    }
    if (!moved) {
      PreparedStatement count = db.prepare("INSERT INTO endpoint_totals (endpoint, received, last_received_at)"
          + " VALUES (?, 1, ?) ON CONFLICT (endpoint) DO UPDATE SET received = received + 1,"
          + " last_received_at = MAX(COALESCE(last_received_at, 0), excluded.last_received_at)");
      count.setString(1, delivery.endpoint());
      count.setLong(2, receivedAt);
      count.executeUpdate();
    } else {
      // the row its delivery will be counted in
      PreparedStatement row = db.prepare("INSERT INTO endpoint_totals (endpoint) VALUES (?) ON CONFLICT DO NOTHING");
      row.setString(1, delivery.endpoint());
      row.executeUpdate();
    }
    return new Admission.Stored(id);
  }

  @Override
  public CompletableFuture<Admission> adopt(StoredDelivery stored, List<AttemptRecord> history) {
    if (isFull()) {
      return CompletableFuture.failedFuture(new StoreFullException("the delivery store is full"));
    }
    String headers = HeadersJson.write(stored.delivery().headers());
    long now = System.currentTimeMillis();
    return writer.submit(db -> {
      Admission admission = admitIn(db, stored.delivery(), headers, null, true);
      if (admission instanceof Admission.Stored adopted) {
        boolean dead = stored.state() == StoredDelivery.State.DEAD_LETTERED;
        PreparedStatement state = db.prepare("UPDATE deliveries SET state = ?, attempts = ?, last_error = ?,"
            + " queued_at = ?, next_attempt_at = ?, finished_at = ? WHERE id = ?");
        state.setString(1, dead ? DEAD_LETTERED : PENDING);
        state.setInt(2, stored.attempts());
        setNullable(state, 3, stored.lastError());
        state.setLong(4, stored.queuedAt().toEpochMilli());
        state.setLong(5, now);
        if (dead) {
          state.setLong(6, history.isEmpty() ? now : history.get(history.size() - 1).at().toEpochMilli());
        } else {
          state.setNull(6, Types.INTEGER);
        }
        state.setLong(7, adopted.id());
        state.executeUpdate();
        for (AttemptRecord attempt : history) {
          recordAttempt(db, adopted.id(), attempt);
        }
      }
      return admission;
    });
  }

  @Override
  public CompletableFuture<Boolean> forget(long id, StoredDelivery.State state) {
    return writer.submit(db -> {
      PreparedStatement delivery = db.prepare("DELETE FROM deliveries WHERE id = ? AND state = ?");
      delivery.setLong(1, id);
      delivery.setString(2, state.name());
      if (delivery.executeUpdate() == 0) {
        return false;
      }
      PreparedStatement attempts = db.prepare("DELETE FROM attempts WHERE delivery_id = ?");
      attempts.setLong(1, id);
      attempts.executeUpdate();
      return true;
    });
  }

  @Override
  public List<DedupKey> dedupKeys(DedupKey after, Instant seenSince, int limit) {
    return read(db -> {
      PreparedStatement query = db.prepare(DEDUP_KEYS_AFTER);
      query.setString(1, after == null ? "" : after.slug());
      query.setString(2, after == null ? "" : after.key());
      query.setLong(3, seenSince.toEpochMilli());
      query.setInt(4, limit);
      List<DedupKey> keys = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          keys.add(new DedupKey(rows.getString(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3))));
        }
      }
      return keys;
    });
  }

  @Override
  public CompletableFuture<Void> adoptDedupKeys(List<DedupKey> keys) {
    if (isFull()) { // the bound holds for copied keys too; the sender keeps them and sends them again
      return CompletableFuture.failedFuture(new StoreFullException("the delivery store is full"));
    }
    return noResult(writer.submit(db -> {
      PreparedStatement adopt = db.prepare("INSERT INTO dedup_keys (slug, dedup_key, first_seen, stored_here)"
          + " VALUES (?, ?, ?, 0) ON CONFLICT (slug, dedup_key) DO UPDATE"
          + " SET first_seen = MAX(first_seen, excluded.first_seen)");
      for (DedupKey key : keys) {
        adopt.setString(1, key.slug());
        adopt.setString(2, key.key());
        adopt.setLong(3, key.firstSeen().toEpochMilli());
        adopt.executeUpdate();
      }
      return null;
    }));
  }

  @Override
  public CompletableFuture<Boolean> adoptEndpointTotals(String transfer, List<EndpointTotals> totals) {
    return writer.submit(db -> {
      PreparedStatement first = db.prepare("INSERT INTO adopted_totals (transfer) VALUES (?) ON CONFLICT DO NOTHING");
      first.setString(1, transfer);
      if (first.executeUpdate() == 0) {
        return false;
      }
      PreparedStatement add = db.prepare("INSERT INTO endpoint_totals (endpoint, received, delivered,"
          + " last_received_at) VALUES (?, ?, ?, ?) ON CONFLICT (endpoint) DO UPDATE SET"
          + " received = received + excluded.received, delivered = delivered + excluded.delivered,"
          + " last_received_at = CASE WHEN last_received_at IS NULL THEN excluded.last_received_at"
          + " WHEN excluded.last_received_at IS NULL THEN last_received_at"
          + " ELSE MAX(last_received_at, excluded.last_received_at) END");
      for (EndpointTotals endpoint : totals) {
        add.setString(1, endpoint.endpoint());
        add.setLong(2, endpoint.received());
        add.setLong(3, endpoint.delivered());
        if (endpoint.lastReceivedAt() == null) {
          add.setNull(4, Types.INTEGER);
        } else {
          add.setLong(4, endpoint.lastReceivedAt().toEpochMilli());
        }
        add.executeUpdate();
      }
      return true;
    });
  }

  @Override
  public CompletableFuture<Void> forgetEndpointTotals(List<EndpointTotals> totals) {
    return noResult(writer.submit(db -> {
      PreparedStatement subtract = db.prepare("UPDATE endpoint_totals SET received = received - ?,"
          + " delivered = delivered - ? WHERE endpoint = ?");
      for (EndpointTotals endpoint : totals) {
        subtract.setLong(1, endpoint.received());
        subtract.setLong(2, endpoint.delivered());
        subtract.setString(3, endpoint.endpoint());
        subtract.executeUpdate();
      }
      return null;
    }));
  }

  @Override
  public List<StoredDelivery> claim(String owner, int max, long maxBodyBytes, Instant now, Duration lease) {
    return writer.call(db -> {
      PreparedStatement due = db.prepare(DUE);
      due.setLong(1, now.toEpochMilli());
      due.setInt(2, max);
      List<StoredDelivery> claimed = readDeliveries(due, maxBodyBytes);
      // Leased work is not due again until the lease runs out: a claimer that dies leaves it to the next one.
      long leaseUntil = now.plus(lease).toEpochMilli();
      PreparedStatement take = db.prepare("UPDATE deliveries SET lease_owner = ?, lease_until = ?,"
          + " next_attempt_at = ? WHERE id = ?");
      for (StoredDelivery delivery : claimed) {
        take.setString(1, owner);
        take.setLong(2, leaseUntil);
        take.setLong(3, leaseUntil);
        take.setLong(4, delivery.id());
        take.executeUpdate();
      }
      return claimed;
    });
  }

  @Override
  public Set<Long> renew(String owner, Collection<Long> ids, Instant until) {
    return writer.call(db -> {
      // As in a claim, a leased delivery is not due before its lease runs out.
      PreparedStatement renew = db.prepare("UPDATE deliveries SET lease_until = ?, next_attempt_at = ?"
          + " WHERE id = ? AND " + SqliteFile.IS_PENDING + " AND lease_owner = ?");
      Set<Long> renewed = new HashSet<>();
      for (long id : ids) {
        renew.setLong(1, until.toEpochMilli());
        renew.setLong(2, until.toEpochMilli());
        renew.setLong(3, id);
        renew.setString(4, owner);
        if (renew.executeUpdate() > 0) {
          renewed.add(id);
        }
      }
      return renewed;
    });
  }

  @Override
  public CompletableFuture<Void> postpone(long id, Instant nextAttemptAt) {
    return noResult(writer.submit(db -> {
      PreparedStatement postpone = db.prepare("UPDATE deliveries SET next_attempt_at = ?, lease_owner = NULL,"
          + " lease_until = NULL WHERE id = ? AND state = ?");
      postpone.setLong(1, nextAttemptAt.toEpochMilli());
      postpone.setLong(2, id);
      postpone.setString(3, PENDING);
      return postpone.executeUpdate();
    }));
  }

  @Override
  public CompletableFuture<Void> delivered(long id, AttemptRecord attempt) {
    return noResult(writer.submit(db -> {
      if (finish(db, id, attempt, DELIVERED, null) > 0) {
        PreparedStatement count = db.prepare("UPDATE endpoint_totals SET delivered = delivered + 1"
            + " WHERE endpoint = (SELECT endpoint FROM deliveries WHERE id = ?)");
        count.setLong(1, id);
        count.executeUpdate();
      }
      return null;
    }));
  }

  @Override
  public CompletableFuture<Void> retryLater(long id, AttemptRecord attempt, Instant nextAttemptAt) {
    return noResult(writer.submit(db -> finish(db, id, attempt, PENDING, nextAttemptAt)));
  }

  @Override
  public CompletableFuture<Void> deadLetter(long id, AttemptRecord attempt) {
    return noResult(writer.submit(db -> finish(db, id, attempt, DEAD_LETTERED, null)));
  }

  private static CompletableFuture<Void> noResult(CompletableFuture<?> write) {
    return write.thenApply(result -> null);
  }

  /** Records the attempt and moves a pending delivery to {@code state}; returns 1 if it was pending. */
  private static int finish(ReopeningConnection db, long id, AttemptRecord attempt, String state,
      Instant nextAttemptAt) throws SQLException {
    recordAttempt(db, id, attempt);
    boolean failed = !DELIVERED.equals(state);
    PreparedStatement move = db.prepare("UPDATE deliveries SET state = ?, attempts = MAX(attempts, ?),"
        + " next_attempt_at = COALESCE(?, next_attempt_at), finished_at = ?, lease_owner = NULL,"
        + " lease_until = NULL, last_error = CASE WHEN ? THEN ? ELSE last_error END"
        + " WHERE id = ? AND state = ?");
    move.setString(1, state);
    move.setInt(2, attempt.attempt());
    if (nextAttemptAt == null) {
      move.setNull(3, Types.INTEGER);
    } else {
      move.setLong(3, nextAttemptAt.toEpochMilli());
    }
    if (PENDING.equals(state)) {
      move.setNull(4, Types.INTEGER);
    } else {
      move.setLong(4, attempt.at().toEpochMilli());
    }
    move.setBoolean(5, failed);
    setNullable(move, 6, attempt.detail());
    move.setLong(7, id);
    move.setString(8, PENDING);
    int moved = move.executeUpdate();
    if (moved > 0 && failed) {
      PreparedStatement error = db.prepare("UPDATE endpoint_totals SET last_error = ?"
          + " WHERE endpoint = (SELECT endpoint FROM deliveries WHERE id = ?)");
      setNullable(error, 1, attempt.detail());
      error.setLong(2, id);
      error.executeUpdate();
    }
    return moved;
  }

  private static void recordAttempt(ReopeningConnection db, long id, AttemptRecord attempt) throws SQLException {
    PreparedStatement record = db.prepare("INSERT INTO attempts (delivery_id, attempt, at, status, detail,"
        + " duration_ms) VALUES (?, ?, ?, ?, ?, ?)");
    record.setLong(1, id);
    record.setInt(2, attempt.attempt());
    record.setLong(3, attempt.at().toEpochMilli());
    record.setInt(4, attempt.statusCode());
    setNullable(record, 5, attempt.detail());
    record.setLong(6, attempt.durationMillis());
    record.executeUpdate();
  }

  @Override
  public int replay(ReplaySelection selection, Instant now) {
    ReplayFilter filter = ReplayFilter.of(selection, Instant::toEpochMilli);
    String sql = "UPDATE deliveries SET state = ?, next_attempt_at = ?, queued_at = ?, finished_at = NULL,"
        + " lease_owner = NULL, lease_until = NULL WHERE state = ? AND " + SqliteFile.IS_OPEN + " AND "
        + filter.where();
    return writer.call(db -> {
      PreparedStatement replay = db.prepare(sql);
      replay.setString(1, PENDING);
      replay.setLong(2, now.toEpochMilli());
      replay.setLong(3, now.toEpochMilli());
      replay.setString(4, DEAD_LETTERED);
      for (int i = 0; i < filter.parameters().size(); i++) {
        replay.setObject(5 + i, filter.parameters().get(i));
      }
      return replay.executeUpdate();
    });
  }

  @Override
  public List<StoredDelivery> deadLetters(String endpoint, int limit) {
    return read(db -> {
      PreparedStatement query = db.prepare(DEAD_LETTERS);
      query.setString(1, endpoint);
      query.setString(2, DEAD_LETTERED);
      query.setInt(3, limit);
      return readDeliveries(query);
    });
  }

  @Override
  public Optional<StoredDelivery> find(long id) {
    return read(db -> {
      PreparedStatement query = db.prepare("SELECT " + COLUMNS + " FROM deliveries WHERE id = ?");
      query.setLong(1, id);
      return readDeliveries(query).stream().findFirst();
    });
  }

  @Override
  public List<AttemptRecord> history(long id) {
    return read(db -> {
      PreparedStatement query = db.prepare("SELECT attempt, at, status, detail, duration_ms FROM attempts"
          + " WHERE delivery_id = ? ORDER BY at, attempt");
      query.setLong(1, id);
      List<AttemptRecord> attempts = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          attempts.add(new AttemptRecord(rows.getInt(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getInt(3),
              rows.getString(4), rows.getLong(5)));
        }
      }
      return attempts;
    });
  }

  @Override
  public StoreStatistics statistics(Instant now) {
    return read(db -> {
      Map<String, long[]> current = new HashMap<>();
      Map<String, Long> oldestPending = new HashMap<>();
      PreparedStatement states = db.prepare(OPEN_COUNTS);
      try (ResultSet rows = states.executeQuery()) {
        while (rows.next()) {
          long[] counts = current.computeIfAbsent(rows.getString(1), endpoint -> new long[2]);
          boolean pending = PENDING.equals(rows.getString(2));
          counts[pending ? 0 : 1] = rows.getLong(3);
          if (pending) {
            oldestPending.put(rows.getString(1), rows.getLong(4));
          }
        }
      }
      Map<String, EndpointCounts> perEndpoint = new TreeMap<>();
      PreparedStatement totals = db.prepare(
          "SELECT endpoint, received, delivered, last_received_at, last_error FROM endpoint_totals");
      try (ResultSet rows = totals.executeQuery()) {
        while (rows.next()) {
          String endpoint = rows.getString(1);
          long[] counts = current.getOrDefault(endpoint, new long[2]);
          Long oldest = oldestPending.get(endpoint);
          long lastReceived = rows.getLong(4);
          // wasNull speaks of the column read last: asked after the counts, it spoke of delivered
          Instant lastReceivedAt = rows.wasNull() ? null : Instant.ofEpochMilli(lastReceived);
          perEndpoint.put(endpoint, new EndpointCounts(rows.getLong(2), rows.getLong(3), counts[0], counts[1],
              oldest == null ? null : Instant.ofEpochMilli(oldest), lastReceivedAt, rows.getString(5)));
        }
      }
      return new StoreStatistics(perEndpoint, file.sizeOnDisk());
    });
  }

  /**
   * Deletes in steps of at most {@link #PRUNE_STEP} rows, each its own transaction, so admits committed in between
   * never wait for more than one step.
   */
  @Override
  public int prune(Instant deliveredBefore, Instant deadLettersBefore, Instant dedupBefore) {
    // The totals received and delivered are counters of their own; dead letters are counted from their rows.
    return pruneInSteps(db -> deleteDeliveries(db, PRUNABLE_DELIVERED, deliveredBefore))
        + pruneInSteps(db -> deleteDeliveries(db, PRUNABLE_DEAD_LETTERS, deadLettersBefore))
        + pruneInSteps(db -> {
          PreparedStatement keys = db.prepare(EXPIRED_DEDUP_KEYS);
          keys.setLong(1, dedupBefore.toEpochMilli());
          keys.setInt(2, PRUNE_STEP);
          return keys.executeUpdate();
        });
  }

  private int pruneInSteps(GroupCommitWriter.Work<Integer> step) {
    int total = 0;
    int deleted;
    do {
      deleted = writer.call(step);
      total += deleted;
    } while (deleted >= PRUNE_STEP);
    return total;
  }

  /** Deletes up to {@link #PRUNE_STEP} of the deliveries {@code prunable} selects, with their attempts. */
  private static int deleteDeliveries(ReopeningConnection db, String prunable, Instant before) throws SQLException {
    PreparedStatement select = db.prepare(prunable);
    select.setLong(1, before.toEpochMilli());
    select.setInt(2, PRUNE_STEP);
    StringJoiner ids = new StringJoiner(",", "[", "]");
    int count = 0;
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        ids.add(Long.toString(rows.getLong(1)));
        count++;
      }
    }
    if (count == 0) {
      return 0;
    }
    PreparedStatement attempts = db.prepare(DELETE_ATTEMPTS);
    attempts.setString(1, ids.toString());
    attempts.executeUpdate();
    PreparedStatement deliveries = db.prepare(DELETE_DELIVERIES);
    deliveries.setString(1, ids.toString());
    return deliveries.executeUpdate();
  }

  /** The bytes the data take (not counting free pages), as of the last commit. */
  public long usedBytes() {
    return usedBytes;
  }

  private void usedBytesNow(long bytes) {
    usedBytes = bytes;
    if (full && bytes < maxSizeBytes) {
      full = false;
      LOG.info("The delivery store has room again ({} of {} bytes used)", bytes, maxSizeBytes);
    }
  }

  private synchronized <T> T read(GroupCommitWriter.Work<T> work) {
    try {
      reader.get();
      return work.run(reader);
    } catch (SQLException | RuntimeException e) {
      reader.discard();
      if (e instanceof StoreUnavailableException unavailable) {
        throw unavailable;
      }
      throw new StoreUnavailableException("the delivery store cannot be read: " + e.getMessage(), e);
    }
  }

  private static List<StoredDelivery> readDeliveries(PreparedStatement query) throws SQLException {
    return readDeliveries(query, Long.MAX_VALUE);
  }

  /** Reads rows until their bodies reach {@code maxBodyBytes} (the first always); the rest stay in the file. */
  private static List<StoredDelivery> readDeliveries(PreparedStatement query, long maxBodyBytes) throws SQLException {
    List<StoredDelivery> deliveries = new ArrayList<>();
    long bodyBytes = 0;
    try (ResultSet rows = query.executeQuery()) {
      while (bodyBytes < maxBodyBytes && rows.next()) {
        NewDelivery delivery = new NewDelivery(rows.getString(2), rows.getString(3), rows.getString(4),
            rows.getString(5), rows.getString(6), rows.getString(7), Instant.ofEpochMilli(rows.getLong(8)),
            HeadersJson.read(rows.getString(9)), rows.getBytes(10));
        deliveries.add(new StoredDelivery(rows.getLong(1), delivery, rows.getInt(12),
            StoredDelivery.State.valueOf(rows.getString(11)), rows.getString(13),
            Instant.ofEpochMilli(rows.getLong(14))));
        bodyBytes += delivery.body().length;
      }
    }
    return deliveries;
  }

  private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  @Override
  public Optional<String> cannotTakeDeliveries() {
    Optional<String> owner = file.ownedElsewhere();
    if (owner.isPresent()) {
      return Optional.of("the store file is in use by another process (" + owner.get() + ")");
    }
    long used = usedBytes;
    if (used >= maxSizeBytes) {
      fullForReadiness = true;
    } else if (used < maxSizeBytes / 10 * 9) {
      fullForReadiness = false;
    }
    if (fullForReadiness) {
      return Optional.of("the store is full (" + used + " of " + maxSizeBytes + " bytes used; ready again below 90%)");
    }
    return writer.failing().filter(failing -> failing.duration().compareTo(FAILING_BEFORE_NOT_READY) >= 0)
        .map(failing -> "the store has failed every write for " + failing.duration().toSeconds() + " s: "
            + failing.lastFailure());
  }

  @Override
  public void close() {
    writer.close();
    synchronized (this) {
      reader.close();
    }
    file.releaseOwnership();
  }
}
