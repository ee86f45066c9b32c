package dev.hookgate.receiver.store.postgres;

import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.StoredDelivery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Records a batch of attempt outcomes as one statement: one round trip and one executor start for many deliveries
 * instead of one each (outcomes are the store's most frequent write). Each delivery moves to its new state only
 * while still pending and still leased as the recorder believes (its own lease, or, for one it did not claim, no
 * live lease): a replica whose lease ran out and was taken over records nothing. Returns, by position, whether each
 * outcome was recorded.
 */
final class OutcomeTransaction {

  /** One outcome; {@code leaseOwner} null when this receiver did not claim the delivery. */
  record Outcome(long id, StoredDelivery.State state, AttemptRecord attempt, Instant nextAttemptAt,
      String leaseOwner) {}

  /**
   * The outcomes go in as arrays. The delivery row is found by primary key: "still pending" is written {@code (...)
   * IS TRUE} so the planner cannot use the partial due index for it (as in the store's other statements by id). A
   * failure also becomes its endpoint's last error, on one of {@link PostgresSchema#SLOTS} rows (taken in endpoint
   * order).
   */
  static final String RECORD = """
      WITH input AS (
        SELECT * FROM unnest(?::bigint[], ?::text[], ?::int[], ?::timestamptz[], ?::timestamptz[], ?::text[],
          ?::int[], ?::text[], ?::bigint[])
          AS i(id, state, attempt, at, next_attempt_at, lease_owner, status_code, detail, duration_millis)),
      recorded AS (
        UPDATE hookgate_delivery d SET state = i.state, attempts = GREATEST(d.attempts, i.attempt),
          finished_at = CASE WHEN i.state = 'PENDING' THEN NULL ELSE i.at END,
          next_attempt_at = COALESCE(i.next_attempt_at, d.next_attempt_at),
          last_error = CASE WHEN i.state = 'DELIVERED' THEN d.last_error ELSE COALESCE(i.detail, d.last_error) END,
          last_error_at = CASE WHEN i.state = 'DELIVERED' THEN d.last_error_at ELSE i.at END,
          lease_owner = NULL, lease_until = NULL
        FROM input i
        WHERE d.id = i.id AND (d.state = 'PENDING') IS TRUE
          AND (CASE WHEN i.lease_owner IS NULL THEN d.lease_owner IS NULL OR d.lease_until <= i.at
            ELSE d.lease_owner = i.lease_owner END) IS TRUE
        RETURNING d.id, d.endpoint, d.state, d.last_error, d.last_error_at),
      failed AS (
        INSERT INTO hookgate_endpoint_totals AS totals (endpoint, slot, last_error, last_error_at)
        SELECT endpoint, ?, (array_agg(last_error ORDER BY last_error_at DESC))[1], max(last_error_at)
        FROM recorded WHERE state <> 'DELIVERED' GROUP BY endpoint ORDER BY endpoint
        ON CONFLICT (endpoint, slot) DO UPDATE SET
          last_error = CASE WHEN totals.last_error_at > EXCLUDED.last_error_at THEN totals.last_error
            ELSE EXCLUDED.last_error END,
          last_error_at = GREATEST(totals.last_error_at, EXCLUDED.last_error_at))
      INSERT INTO hookgate_attempt (delivery_id, attempt, at, status_code, detail, duration_millis)
      SELECT i.id, i.attempt, i.at, i.status_code, i.detail, i.duration_millis
      FROM input i JOIN recorded r ON r.id = i.id
      RETURNING delivery_id""";

  private OutcomeTransaction() {}

  /** Writes the batch (autocommit); {@code true} at each position whose outcome was recorded. */
  static List<Boolean> commit(Connection connection, List<Outcome> batch) throws SQLException {
    // A delivery appears once per statement (an UPDATE ... FROM updates a row once, whatever joins it twice): any
    // second outcome of one delivery goes in the next statement.
    List<Outcome> now = new ArrayList<>(batch.size());
    List<Outcome> next = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    for (Outcome outcome : batch) {
      (ids.add(outcome.id()) ? now : next).add(outcome);
    }
    Set<Long> recorded = new HashSet<>();
    connection.setAutoCommit(true);
    try (PreparedStatement statement = connection.prepareStatement(RECORD)) {
      int parameter = 0;
      statement.setArray(++parameter, SqlArrays.bigints(connection, now, Outcome::id));
      statement.setArray(++parameter, SqlArrays.texts(connection, now, outcome -> outcome.state().name()));
      statement.setArray(++parameter, SqlArrays.integers(connection, now, outcome -> outcome.attempt().attempt()));
      statement.setArray(++parameter, SqlArrays.texts(connection, now, outcome -> outcome.attempt().at().toString()));
      statement.setArray(++parameter, SqlArrays.texts(connection, now,
          outcome -> outcome.nextAttemptAt() == null ? null : outcome.nextAttemptAt().toString()));
      statement.setArray(++parameter, SqlArrays.texts(connection, now, Outcome::leaseOwner));
      statement.setArray(++parameter, SqlArrays.integers(connection, now, outcome -> outcome.attempt().statusCode()));
      statement.setArray(++parameter, SqlArrays.texts(connection, now, outcome -> outcome.attempt().detail()));
      statement.setArray(++parameter,
          SqlArrays.bigints(connection, now, outcome -> outcome.attempt().durationMillis()));
      statement.setInt(++parameter, PostgresSchema.anySlot());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          recorded.add(rows.getLong(1));
        }
      }
    }
    List<Boolean> results = new ArrayList<>(batch.size());
    List<Boolean> later = next.isEmpty() ? List.of() : commit(connection, next);
    int fromLater = 0;
    Set<Long> answered = new HashSet<>();
    for (Outcome outcome : batch) {
      results.add(answered.add(outcome.id()) ? recorded.contains(outcome.id()) : later.get(fromLater++));
    }
    return results;
  }
}
