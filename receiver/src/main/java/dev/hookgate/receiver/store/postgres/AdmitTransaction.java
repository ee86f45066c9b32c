package dev.hookgate.receiver.store.postgres;

import dev.hookgate.receiver.store.DeliveryStore.Admission;
import dev.hookgate.receiver.store.HeadersJson;
import dev.hookgate.receiver.store.NewDelivery;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one batch of admits in one transaction, in four round trips whatever the batch size: claim the dedup keys,
 * reserve ids, insert the new deliveries, commit.
 */
final class AdmitTransaction {

  /**
   * A key already held within the window stays held (no row comes back: a duplicate); one older than the window is
   * taken over by the new delivery.
   */
  private static final String CLAIM_DEDUP_KEYS = """
      INSERT INTO hookgate_dedup (route_slug, dedup_key, first_seen)
      SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[])
      ON CONFLICT (route_slug, dedup_key) DO UPDATE SET first_seen = EXCLUDED.first_seen
        WHERE hookgate_dedup.first_seen <= EXCLUDED.first_seen - make_interval(secs => ?)
      RETURNING route_slug, dedup_key""";

  private static final String RESERVE_IDS =
      "SELECT nextval('hookgate_delivery_id_seq') FROM generate_series(1, ?)";

  private static final String INSERT_DELIVERY = """
      INSERT INTO hookgate_delivery (id, route_slug, endpoint, provider, event_type, provider_delivery_id,
        dedup_key, received_at, queued_at, headers, body, state, attempts, next_attempt_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?)""";

  private record DedupId(String routeSlug, String dedupKey) {}

  private final Duration dedupWindow;

  AdmitTransaction(Duration dedupWindow) {
    this.dedupWindow = dedupWindow;
  }

  List<Admission> commit(Connection connection, List<NewDelivery> batch) throws SQLException {
    connection.setAutoCommit(false);
    try {
      Set<DedupId> keysTaken = claimDedupKeys(connection, batch);
      List<Admission> admissions = new ArrayList<>(batch.size());
      List<NewDelivery> toStore = new ArrayList<>();
      for (NewDelivery delivery : batch) {
        // the first of several with one key in the batch takes it; the rest are its duplicates
        if (delivery.dedupKey() == null || keysTaken.remove(dedupId(delivery))) {
          toStore.add(delivery);
          admissions.add(null);
        } else {
          admissions.add(new Admission.Duplicate());
        }
      }
      List<Long> ids = insert(connection, toStore);
      connection.commit();
      int next = 0;
      for (int i = 0; i < admissions.size(); i++) {
        if (admissions.get(i) == null) {
          admissions.set(i, new Admission.Stored(ids.get(next++)));
        }
      }
      return admissions;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(connection, e);
      throw e;
    }
  }

  private Set<DedupId> claimDedupKeys(Connection connection, List<NewDelivery> batch) throws SQLException {
    Map<DedupId, NewDelivery> firstPerKey = new HashMap<>();
    for (NewDelivery delivery : batch) {
      if (delivery.dedupKey() != null) {
        firstPerKey.putIfAbsent(dedupId(delivery), delivery);
      }
    }
    Set<DedupId> taken = new HashSet<>();
    if (firstPerKey.isEmpty()) {
      return taken;
    }
    // one order for every writer: two transactions taking the same keys in opposite orders would deadlock
    List<DedupId> keys = new ArrayList<>(firstPerKey.keySet());
    keys.sort(Comparator.comparing(DedupId::routeSlug).thenComparing(DedupId::dedupKey));
    String[] slugs = new String[keys.size()];
    String[] dedupKeys = new String[keys.size()];
    String[] firstSeen = new String[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      slugs[i] = keys.get(i).routeSlug();
      dedupKeys[i] = keys.get(i).dedupKey();
      firstSeen[i] = firstPerKey.get(keys.get(i)).receivedAt().toString();
    }
    try (PreparedStatement statement = connection.prepareStatement(CLAIM_DEDUP_KEYS)) {
      Array slugArray = connection.createArrayOf("text", slugs);
      Array keyArray = connection.createArrayOf("text", dedupKeys);
      Array seenArray = connection.createArrayOf("text", firstSeen);
      statement.setArray(1, slugArray);
      statement.setArray(2, keyArray);
      statement.setArray(3, seenArray);
      statement.setDouble(4, dedupWindow.toMillis() / 1000.0);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          taken.add(new DedupId(rows.getString(1), rows.getString(2)));
        }
      }
    }
    return taken;
  }

  private static List<Long> insert(Connection connection, List<NewDelivery> deliveries) throws SQLException {
    List<Long> ids = new ArrayList<>(deliveries.size());
    if (deliveries.isEmpty()) {
      return ids;
    }
    try (PreparedStatement statement = connection.prepareStatement(RESERVE_IDS)) {
      statement.setInt(1, deliveries.size());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    }
    try (PreparedStatement statement = connection.prepareStatement(INSERT_DELIVERY)) {
      for (int i = 0; i < deliveries.size(); i++) {
        NewDelivery delivery = deliveries.get(i);
        statement.setLong(1, ids.get(i));
        statement.setString(2, delivery.routeSlug());
        statement.setString(3, delivery.endpoint());
        statement.setString(4, delivery.provider());
        statement.setString(5, delivery.eventType());
        statement.setString(6, delivery.providerDeliveryId());
        statement.setString(7, delivery.dedupKey());
        statement.setObject(8, SqlTime.of(delivery.receivedAt()));
        statement.setObject(9, SqlTime.of(delivery.receivedAt()));
        statement.setString(10, HeadersJson.write(delivery.headers()));
        statement.setBytes(11, delivery.body());
        statement.setObject(12, SqlTime.of(delivery.receivedAt()));
        statement.addBatch();
      }
      statement.executeBatch();
    }
    return ids;
  }

  private static DedupId dedupId(NewDelivery delivery) {
    return new DedupId(delivery.routeSlug(), delivery.dedupKey());
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
