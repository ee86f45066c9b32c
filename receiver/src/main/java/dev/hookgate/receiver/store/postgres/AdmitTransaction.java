package dev.hookgate.receiver.store.postgres;

import dev.hookgate.receiver.store.DeliveryStore.Admission;
import dev.hookgate.receiver.store.DeliveryStore.Lease;
import dev.hookgate.receiver.store.HeadersJson;
import dev.hookgate.receiver.store.NewDelivery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes one batch of admits as one statement committed on its own: one round trip and one WAL flush whatever the
 * batch size. The batch goes in as arrays; the statement takes each delivery's dedup key (a key already held
 * within the window stays held: a duplicate), inserts the deliveries whose key it took or that have none, and
 * returns their ids by position in the batch.
 */
final class AdmitTransaction {

  /**
   * The dedup keys, and the rows of totals, are taken in one order by every writer (two statements taking the same
   * keys in opposite orders would deadlock); {@code incoming} is materialized so each row draws its id once.
   */
  private static final String ADMIT = """
      WITH incoming AS MATERIALIZED (
        SELECT nextval('hookgate_delivery_id_seq') AS id, i.*
        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[],
          ?::bytea[], ?::text[], ?::timestamptz[]) WITH ORDINALITY
          AS i(route_slug, endpoint, provider, event_type, provider_delivery_id, dedup_key, received_at, headers,
            body, lease_owner, lease_until, position)),
      taken AS (
        INSERT INTO hookgate_dedup (route_slug, dedup_key, first_seen)
        SELECT route_slug, dedup_key, received_at FROM incoming WHERE dedup_key IS NOT NULL
        ORDER BY route_slug, dedup_key
        ON CONFLICT (route_slug, dedup_key) DO UPDATE SET first_seen = EXCLUDED.first_seen
          WHERE hookgate_dedup.first_seen <= EXCLUDED.first_seen - make_interval(secs => ?)
        RETURNING route_slug, dedup_key),
      stored AS (
        INSERT INTO hookgate_delivery (id, route_slug, endpoint, provider, event_type, provider_delivery_id,
          dedup_key, received_at, queued_at, headers, body, state, attempts, next_attempt_at, lease_owner, lease_until)
        SELECT id, route_slug, endpoint, provider, event_type, provider_delivery_id, dedup_key, received_at,
          received_at, headers, body, 'PENDING', 0, COALESCE(lease_until, received_at), lease_owner, lease_until
        FROM incoming i
        WHERE i.dedup_key IS NULL
          OR EXISTS (SELECT 1 FROM taken t WHERE t.route_slug = i.route_slug AND t.dedup_key = i.dedup_key)
        RETURNING id, endpoint, received_at),
      counted AS (
        INSERT INTO hookgate_endpoint_totals AS totals (endpoint, slot, received, last_received_at)
        SELECT endpoint, ?, count(*), max(received_at) FROM stored GROUP BY endpoint ORDER BY endpoint
        ON CONFLICT (endpoint, slot) DO UPDATE SET received = totals.received + EXCLUDED.received,
          last_received_at = GREATEST(totals.last_received_at, EXCLUDED.last_received_at))
      SELECT i.position, i.id FROM incoming i JOIN stored s ON s.id = i.id""";

  /** One delivery to admit; {@code lease} null to queue it for a claim, else stored claimed by its owner. */
  record Request(NewDelivery delivery, Lease lease) {}

  private record DedupId(String routeSlug, String dedupKey) {}

  private final Duration dedupWindow;

  AdmitTransaction(Duration dedupWindow) {
    this.dedupWindow = dedupWindow;
  }

  List<Admission> commit(Connection connection, List<Request> requests) throws SQLException {
    // The first of several with one key in the batch takes it; the rest are its duplicates. One statement may not
    // touch a dedup row twice, so only the first goes to the database.
    Admission[] admissions = new Admission[requests.size()];
    List<Request> sent = new ArrayList<>(requests.size());
    List<Integer> sentFrom = new ArrayList<>(requests.size());
    Set<DedupId> keys = new HashSet<>();
    for (int i = 0; i < requests.size(); i++) {
      NewDelivery delivery = requests.get(i).delivery();
      if (delivery.dedupKey() != null && !keys.add(new DedupId(delivery.routeSlug(), delivery.dedupKey()))) {
        admissions[i] = new Admission.Duplicate();
      } else {
        sent.add(requests.get(i));
        sentFrom.add(i);
      }
    }
    List<NewDelivery> deliveries = sent.stream().map(Request::delivery).toList();
    connection.setAutoCommit(true);
    try (PreparedStatement statement = connection.prepareStatement(ADMIT)) {
      int parameter = 0;
      statement.setArray(++parameter, SqlArrays.texts(connection, deliveries, NewDelivery::routeSlug));
      statement.setArray(++parameter, SqlArrays.texts(connection, deliveries, NewDelivery::endpoint));
      statement.setArray(++parameter, SqlArrays.texts(connection, deliveries, NewDelivery::provider));
      statement.setArray(++parameter, SqlArrays.texts(connection, deliveries, NewDelivery::eventType));
      statement.setArray(++parameter, SqlArrays.texts(connection, deliveries, NewDelivery::providerDeliveryId));
      statement.setArray(++parameter, SqlArrays.texts(connection, deliveries, NewDelivery::dedupKey));
      statement.setArray(++parameter,
          SqlArrays.texts(connection, deliveries, delivery -> delivery.receivedAt().toString()));
      statement.setArray(++parameter,
          SqlArrays.texts(connection, deliveries, delivery -> HeadersJson.write(delivery.headers())));
      statement.setArray(++parameter, connection.createArrayOf("bytea",
          deliveries.stream().map(NewDelivery::body).toArray(byte[][]::new)));
      // a lease's columns; null for the deliveries admitted without one
      statement.setArray(++parameter, SqlArrays.texts(connection, sent,
          request -> request.lease() == null ? null : request.lease().owner()));
      statement.setArray(++parameter, SqlArrays.texts(connection, sent,
          request -> request.lease() == null ? null : request.lease().until().toString()));
      statement.setDouble(++parameter, dedupWindow.toMillis() / 1000.0);
      statement.setInt(++parameter, PostgresSchema.anySlot());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          int position = (int) rows.getLong(1) - 1; // WITH ORDINALITY counts from 1
          admissions[sentFrom.get(position)] = new Admission.Stored(rows.getLong(2));
        }
      }
    }
    for (int i = 0; i < admissions.length; i++) {
      if (admissions[i] == null) { // its key was held within the window
        admissions[i] = new Admission.Duplicate();
      }
    }
    return Arrays.asList(admissions);
  }

}
