package dev.hookgate.receiver.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.DeliveryStoreContract;
import dev.hookgate.receiver.store.NewDelivery;
import dev.hookgate.receiver.store.StoreUnavailableException;
import dev.hookgate.receiver.store.StoredDelivery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDeliveryStoreTest extends DeliveryStoreContract {

  private static final long UNBOUNDED = Long.MAX_VALUE;

  @TempDir
  Path dir;

  @Override
  protected DeliveryStore newStore() {
    return new SqliteDeliveryStore(dir.resolve("deliveries.db"), UNBOUNDED, DEDUP_WINDOW, 256);
  }

  @Override
  protected DeliveryStore reopen(DeliveryStore store) {
    store.close();
    return newStore();
  }

  /** The file is this receiver's alone: its deliveries count on their own, not as one store shared with others. */
  @Test
  void theEmbeddedStoreIsNotShared() {
    assertThat(store.sharedId()).isEmpty();
  }

  /** One process per file: what an earlier process leased (it crashed before sending) is due again at once. */
  @Test
  void deliveriesLeasedByAnEarlierProcessAreDueAtOnceAfterReopening() {
    Instant now = Instant.now();
    Duration lease = Duration.ofMinutes(5);
    NewDelivery delivery = new NewDelivery("slug-a", "shop/a", "github", "push", "d-1", "d-1", now, Map.of(),
        new byte[] {1});
    store.admit(delivery, new DeliveryStore.Lease("crashed-process", now.plus(lease))).join();
    assertThat(store.claim("me", 10, now, lease)).isEmpty();

    store = reopen(store);

    assertThat(store.claim("me", 10, Instant.now(), lease)).extracting(stored -> stored.delivery().dedupKey())
        .containsExactly("d-1");
  }

  /**
   * One writer per file: a second store on it (another process, as when a pod comes back while the drain Job still
   * runs on its volume) cannot write and says who can, then takes the file over once the first is closed, releasing
   * the leases the first left.
   */
  @Test
  void aSecondStoreOnTheFileCannotWriteUntilTheFirstIsClosedThenTakesItOver() {
    Instant now = Instant.now();
    Duration lease = Duration.ofMinutes(5);
    store.admit(delivery("d-1", now), new DeliveryStore.Lease("first", now.plus(lease))).join();
    DeliveryStore second = newStore();
    try {
      assertThat(second.cannotTakeDeliveries()).hasValueSatisfying(holder -> assertThat(holder)
          .contains("another store of this same process"));
      assertThatThrownBy(() -> second.admit(delivery("d-2", now)).join())
          .hasCauseInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("is in use by another process");
      assertThatThrownBy(() -> second.claim("second", 10, now, lease)).isInstanceOf(StoreUnavailableException.class);
      assertThat(store.cannotTakeDeliveries()).isEmpty();
      assertThat(second.statistics(now).perEndpoint().get("shop/a").pending()).as("reads need no ownership")
          .isEqualTo(1);

      store.close();

      assertThat(second.cannotTakeDeliveries()).isEmpty();
      assertThat(second.claim("second", 10, Instant.now(), lease)).extracting(stored -> stored.delivery().dedupKey())
          .containsExactly("d-1");
      assertThat(second.admit(delivery("d-2", now)).join()).isInstanceOf(DeliveryStore.Admission.Stored.class);
    } finally {
      store = second;
    }
  }

  private static NewDelivery delivery(String key, Instant receivedAt) {
    return new NewDelivery("slug-a", "shop/a", "github", "push", key, key, receivedAt, Map.of(), new byte[] {1});
  }

  /** What a drain moves here: a pending delivery due at once, a dead letter as it was, each with its attempts. */
  @Test
  void anAdoptedDeliveryKeepsItsStateAttemptsAndHistoryAndItsDedupKey() {
    Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1)); // stored in ms
    NewDelivery pending = new NewDelivery("slug-a", "shop/a", "github", "push", "p-1", "p-1", received, Map.of(),
        new byte[] {1});
    NewDelivery dead = new NewDelivery("slug-a", "shop/a", "github", "push", "x-1", "x-1", received, Map.of(),
        new byte[] {2});
    List<AttemptRecord> history = List.of(new AttemptRecord(1, received.plusSeconds(1), 503, "HTTP 503", 4),
        new AttemptRecord(2, received.plusSeconds(9), 410, "the target answered 410 Gone", 3));
    Instant replayedAt = received.plusSeconds(5);

    var adoptedPending = store.adopt(new StoredDelivery(7, pending, 1, StoredDelivery.State.PENDING, "HTTP 503",
        replayedAt), history.subList(0, 1)).join();
    var adoptedDead = store.adopt(new StoredDelivery(8, dead, 2, StoredDelivery.State.DEAD_LETTERED,
        "the target answered 410 Gone", received), history).join();

    long pendingId = ((DeliveryStore.Admission.Stored) adoptedPending).id();
    long deadId = ((DeliveryStore.Admission.Stored) adoptedDead).id();
    List<StoredDelivery> due = store.claim("me", 10, Instant.now(), Duration.ofMinutes(1));
    assertThat(due).singleElement().satisfies(claimed -> {
      assertThat(claimed.id()).isEqualTo(pendingId);
      assertThat(claimed.attempts()).isEqualTo(1);
      assertThat(claimed.queuedAt()).isEqualTo(replayedAt);
      assertThat(claimed.receivedAt()).isEqualTo(received);
    });
    assertThat(store.deadLetters("shop/a", 10)).singleElement().satisfies(letter -> {
      assertThat(letter.id()).isEqualTo(deadId);
      assertThat(letter.attempts()).isEqualTo(2);
      assertThat(letter.lastError()).isEqualTo("the target answered 410 Gone");
    });
    assertThat(store.history(deadId)).isEqualTo(history);
    // counted as received where it came from: the totals come with the drain, not with each delivery
    assertThat(store.statistics(Instant.now()).perEndpoint().get("shop/a").received()).isZero();
    assertThat(store.statistics(Instant.now()).perEndpoint().get("shop/a").lastReceivedAt()).isNull();
    assertThat(store.statistics(Instant.now()).totals()).isEmpty();
    // the dedup key came along: the provider's retry of the moved delivery is a duplicate here
    assertThat(store.admit(pending).join()).isInstanceOf(DeliveryStore.Admission.Duplicate.class);
    assertThat(store.adopt(new StoredDelivery(9, dead, 2, StoredDelivery.State.DEAD_LETTERED, null, received),
        List.of()).join()).isInstanceOf(DeliveryStore.Admission.Duplicate.class);
  }

  /** A drain deletes what it moved, with its attempts, only while it is still in the state it was moved in. */
  @Test
  void forgettingDeletesADeliveryAndItsAttemptsOnlyInTheStateGiven() {
    Instant now = Instant.now();
    long id = ((DeliveryStore.Admission.Stored) store.admit(new NewDelivery("slug-a", "shop/a", "github", "push",
        "f-1", "f-1", now, Map.of(), new byte[] {1})).join()).id();
    store.claim("me", 10, now, Duration.ofMinutes(1));
    store.deadLetter(id, new AttemptRecord(1, now, 410, "gone", 1)).join();

    assertThat(store.forget(id, StoredDelivery.State.PENDING).join()).isFalse();
    assertThat(store.find(id)).isPresent();

    assertThat(store.forget(id, StoredDelivery.State.DEAD_LETTERED).join()).isTrue();
    assertThat(store.find(id)).isEmpty();
    assertThat(store.history(id)).isEmpty();
    assertThat(store.statistics(now).perEndpoint().get("shop/a").deadLettered()).isZero();
  }

  /** A drain moves its totals: added here once per transfer, subtracted where they came from. */
  @Test
  void endpointTotalsAreAddedOncePerTransferAndSubtractedWhereTheyCameFrom() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long id = ((DeliveryStore.Admission.Stored) store.admit(new NewDelivery("slug-a", "shop/a", "github", "push",
        "t-1", "t-1", now, Map.of(), new byte[] {1})).join()).id();
    store.claim("me", 10, now, Duration.ofMinutes(1));
    store.delivered(id, new AttemptRecord(1, now, 200, null, 1)).join();
    store.admit(new NewDelivery("slug-a", "shop/a", "github", "push", "t-2", "t-2", now, Map.of(), new byte[] {1}))
        .join();
    assertThat(store.statistics(Instant.now()).totals())
        .containsExactly(new DeliveryStore.EndpointTotals("shop/a", 2, 1, now));

    List<DeliveryStore.EndpointTotals> moved = List.of(
        new DeliveryStore.EndpointTotals("shop/a", 10, 7, now.plusSeconds(5)),
        new DeliveryStore.EndpointTotals("shop/b", 3, 3, null));
    assertThat(store.adoptEndpointTotals("drain-1/0", moved).join()).isTrue();
    assertThat(store.adoptEndpointTotals("drain-1/0", moved).join()).as("sent again").isFalse();
    assertThat(store.statistics(Instant.now()).totals()).containsExactly(
        new DeliveryStore.EndpointTotals("shop/a", 12, 8, now.plusSeconds(5)),
        new DeliveryStore.EndpointTotals("shop/b", 3, 3, null));

    store.forgetEndpointTotals(List.of(new DeliveryStore.EndpointTotals("shop/a", 12, 8, now))).join();
    assertThat(store.statistics(Instant.now()).totals())
        .containsExactly(new DeliveryStore.EndpointTotals("shop/b", 3, 3, null));
  }

  /** A drain copies the keys still in their window page by page; the receiver taking them keeps the later time. */
  @Test
  void dedupKeysArePagedInKeyOrderAndAdoptedKeysMakeDuplicates() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (String id : List.of("k-3", "k-1", "k-2")) {
      store.admit(new NewDelivery("slug-a", "shop/a", "github", "push", id, id, now, Map.of(), new byte[] {1})).join();
    }
    store.admit(new NewDelivery("slug-a", "shop/a", "github", "push", "old", "old", now.minus(DEDUP_WINDOW)
        .minusSeconds(1), Map.of(), new byte[] {1})).join();

    List<DeliveryStore.DedupKey> first = store.dedupKeys(null, now.minus(DEDUP_WINDOW), 2);
    List<DeliveryStore.DedupKey> rest = store.dedupKeys(first.get(1), now.minus(DEDUP_WINDOW), 2);
    assertThat(first).extracting(DeliveryStore.DedupKey::key).containsExactly("k-1", "k-2");
    assertThat(rest).containsExactly(new DeliveryStore.DedupKey("slug-a", "k-3", now)); // "old" is past its window
    assertThat(store.dedupKeys(rest.get(0), now.minus(DEDUP_WINDOW), 2)).isEmpty();

    store.adoptDedupKeys(List.of(new DeliveryStore.DedupKey("slug-a", "moved", now),
        new DeliveryStore.DedupKey("slug-a", "k-1", now.minusSeconds(60)))).join();
    assertThat(store.admit(new NewDelivery("slug-a", "shop/a", "github", "push", "moved", "moved", now, Map.of(),
        new byte[] {1})).join()).isInstanceOf(DeliveryStore.Admission.Duplicate.class);
    assertThat(store.dedupKeys(null, now.minus(DEDUP_WINDOW), 10))
        .contains(new DeliveryStore.DedupKey("slug-a", "k-1", now));
  }

  /**
   * A key copied here on its own (a backup, a new owner) makes a provider's delivery a duplicate, but not a delivery
   * a drain moves here: that is the delivery itself, which the drain deletes where it was once this store took it.
   */
  @Test
  void aKeyCopiedWithoutItsDeliveryDoesNotTurnAwayTheDeliveryMovedHere() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    NewDelivery retried = new NewDelivery("slug-a", "shop/a", "github", "push", "r-1", "r-1", now, Map.of(),
        new byte[] {1});
    NewDelivery moving = new NewDelivery("slug-a", "shop/a", "github", "push", "m-1", "m-1", now, Map.of(),
        new byte[] {2});
    store.adoptDedupKeys(List.of(new DeliveryStore.DedupKey("slug-a", "r-1", now),
        new DeliveryStore.DedupKey("slug-a", "m-1", now))).join();

    assertThat(store.admit(retried).join()).isInstanceOf(DeliveryStore.Admission.Duplicate.class);
    var moved = store.adopt(new StoredDelivery(5, moving, 1, StoredDelivery.State.PENDING, "HTTP 503", now),
        List.of()).join();
    assertThat(moved).isInstanceOf(DeliveryStore.Admission.Stored.class);
    assertThat(store.find(((DeliveryStore.Admission.Stored) moved).id())).isPresent();
    // the same move sent again (its answer was lost) is a duplicate now, and so is the provider's retry
    assertThat(store.adopt(new StoredDelivery(5, moving, 1, StoredDelivery.State.PENDING, "HTTP 503", now),
        List.of()).join()).isInstanceOf(DeliveryStore.Admission.Duplicate.class);
    assertThat(store.admit(moving).join()).isInstanceOf(DeliveryStore.Admission.Duplicate.class);
    // a key copied again after its delivery came does not make the delivery forgettable
    store.adoptDedupKeys(List.of(new DeliveryStore.DedupKey("slug-a", "m-1", now.plusSeconds(1)))).join();
    assertThat(store.adopt(new StoredDelivery(5, moving, 1, StoredDelivery.State.PENDING, "HTTP 503", now),
        List.of()).join()).isInstanceOf(DeliveryStore.Admission.Duplicate.class);
  }

  /** A file written before keys could be copied on their own: its keys all came with their deliveries. */
  @Test
  void aFileWithoutStoredHereKeepsItsKeysAsKeysOfDeliveriesStoredHere() throws Exception {
    store.close();
    Path old = dir.resolve("old.db");
    try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + old);
        var statement = connection.createStatement()) {
      statement.execute("CREATE TABLE dedup_keys (slug TEXT NOT NULL, dedup_key TEXT NOT NULL,"
          + " first_seen INTEGER NOT NULL, PRIMARY KEY (slug, dedup_key)) WITHOUT ROWID");
      statement.execute("INSERT INTO dedup_keys VALUES ('slug-a', 'o-1', " + System.currentTimeMillis() + ")");
    }
    store = new SqliteDeliveryStore(old, UNBOUNDED, DEDUP_WINDOW, 256);
    NewDelivery delivery = new NewDelivery("slug-a", "shop/a", "github", "push", "o-1", "o-1", Instant.now(),
        Map.of(), new byte[] {1});
    assertThat(store.adopt(new StoredDelivery(1, delivery, 0, StoredDelivery.State.PENDING, null, Instant.now()),
        List.of()).join()).isInstanceOf(DeliveryStore.Admission.Duplicate.class);
    store.adoptDedupKeys(List.of(new DeliveryStore.DedupKey("slug-a", "n-1", Instant.now()))).join();
    assertThat(store.dedupKeys(null, Instant.now().minus(DEDUP_WINDOW), 10)).extracting(DeliveryStore.DedupKey::key)
        .containsExactly("n-1", "o-1");
  }
}
