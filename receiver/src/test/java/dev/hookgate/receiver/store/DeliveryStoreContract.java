package dev.hookgate.receiver.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hookgate.receiver.store.DeliveryStore.Admission;
import dev.hookgate.receiver.store.DeliveryStore.Lease;
import dev.hookgate.receiver.store.DeliveryStore.ReplaySelection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeliveryStore} must do, run against a real database by one subclass per implementation.
 * Each test gets a new, empty store that deduplicates within {@link #DEDUP_WINDOW}.
 */
public abstract class DeliveryStoreContract {

  protected static final Duration DEDUP_WINDOW = Duration.ofHours(72);
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);

  protected DeliveryStore store;

  /** A new, empty store deduplicating within {@link #DEDUP_WINDOW}. */
  protected abstract DeliveryStore newStore() throws Exception;

  /** Closes {@code store} and opens the same data again, as a restarted receiver would. */
  protected abstract DeliveryStore reopen(DeliveryStore store) throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static NewDelivery delivery(String endpoint, String dedupKey, Instant receivedAt) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    headers.put("X-GitHub-Event", List.of("push"));
    headers.put("X-Multi", List.of("a", "b"));
    return new NewDelivery("slug-" + endpoint, endpoint, "github", "push", "gh-" + dedupKey, dedupKey, receivedAt,
        headers, ("{\"key\":\"" + dedupKey + "\"}").getBytes(UTF_8));
  }

  private long admitted(NewDelivery delivery) {
    return stored(store.admit(delivery).join());
  }

  private static long stored(Admission admission) {
    assertThat(admission).isInstanceOf(Admission.Stored.class);
    return ((Admission.Stored) admission).id();
  }

  /** A delivery of shop/a received at T0 whose first attempt, {@code seconds} later, delivered it (200) or not. */
  private long finished(String dedupKey, int status, long seconds) {
    long id = admitted(delivery("shop/a", dedupKey, T0));
    store.claim("me", 10, T0, LEASE);
    AttemptRecord attempt = attempt(1, T0.plusSeconds(seconds), status);
    (status == 200 ? store.delivered(id, attempt) : store.deadLetter(id, attempt)).join();
    return id;
  }

  private static AttemptRecord attempt(int number, Instant at, int status) {
    return new AttemptRecord(number, at, status, status == 0 ? "connection refused" : "HTTP " + status, 12);
  }

  @Test
  void aClaimedDeliveryIsWhatWasAdmittedByteForByte() {
    byte[] body = new byte[4096];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i; // not valid UTF-8: a store must keep bytes, not text
    }
    NewDelivery sent = new NewDelivery("slug-a", "shop/a", "stripe", null, null, null, T0,
        Map.of("Stripe-Signature", List.of("t=1,v1=abc")), body);
    long id = admitted(sent);

    List<StoredDelivery> claimed = store.claim("me", 10, T0, LEASE);

    assertThat(claimed).hasSize(1);
    StoredDelivery got = claimed.get(0);
    assertThat(got.id()).isEqualTo(id);
    assertThat(got.state()).isEqualTo(StoredDelivery.State.PENDING);
    assertThat(got.attempts()).isZero();
    assertThat(got.queuedAt()).isEqualTo(T0);
    assertThat(got.delivery().body()).isEqualTo(body);
    assertThat(got.delivery().headers()).isEqualTo(sent.headers());
    assertThat(got.delivery()).usingRecursiveComparison().ignoringFields("body").isEqualTo(sent);
  }

  @Test
  void aClaimTakesDeliveriesUntilTheirBodiesReachItsByteBoundAndLeavesTheRestDue() {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(admitted(new NewDelivery("slug-a", "shop/a", "github", "push", "d-" + i, "d-" + i,
          T0.plusMillis(i), Map.of(), new byte[1_000])));
    }

    // bodies before each: 0, 1000, 2000, 3000 are under 3,500; the fifth's 4,000 are not
    assertThat(store.claim("me", 10, 3_500, T0.plusSeconds(1), LEASE)).extracting(StoredDelivery::id)
        .containsExactlyElementsOf(ids.subList(0, 4));
    // one body larger than the bound alone is still taken, or it would never be delivered
    assertThat(store.claim("me", 10, 10, T0.plusSeconds(1), LEASE)).extracting(StoredDelivery::id)
        .containsExactly(ids.get(4));
    assertThat(store.claim("me", 10, T0.plusSeconds(1), LEASE)).extracting(StoredDelivery::id)
        .containsExactly(ids.get(5));
  }

  @Test
  void headerOrderAndRepeatedValuesAreKept() {
    NewDelivery sent = delivery("shop/a", "k1", T0);
    admitted(sent);

    NewDelivery got = store.claim("me", 1, T0, LEASE).get(0).delivery();

    assertThat(new ArrayList<>(got.headers().keySet())).containsExactly("Content-Type", "X-GitHub-Event", "X-Multi");
    assertThat(got.headers().get("X-Multi")).containsExactly("a", "b");
  }

  @Test
  void aSecondDeliveryWithTheSameKeyWithinTheWindowIsADuplicateAndNotStored() {
    admitted(delivery("shop/a", "k1", T0));

    Admission again = store.admit(delivery("shop/a", "k1", T0.plus(DEDUP_WINDOW).minusSeconds(1))).join();

    assertThat(again).isInstanceOf(Admission.Duplicate.class);
    assertThat(store.claim("me", 10, T0.plus(DEDUP_WINDOW), LEASE)).hasSize(1);
    assertThat(store.statistics(T0).perEndpoint().get("shop/a").received()).isEqualTo(1);
  }

  @Test
  void theSameKeyOnAnotherRouteOrAfterTheWindowIsStored() {
    admitted(delivery("shop/a", "k1", T0));

    admitted(delivery("shop/b", "k1", T0));
    admitted(delivery("shop/a", "k1", T0.plus(DEDUP_WINDOW).plusSeconds(1)));

    assertThat(store.claim("me", 10, T0.plus(DEDUP_WINDOW).plusSeconds(1), LEASE)).hasSize(3);
  }

  @Test
  void deliveriesWithoutADedupKeyAreAlwaysStored() {
    long first = admitted(delivery("shop/a", null, T0));
    long second = admitted(delivery("shop/a", null, T0));

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void concurrentAdmitsAreAllStoredAndConcurrentDuplicatesStoredOnce() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try {
      List<Future<Admission>> distinct = new ArrayList<>();
      List<Future<Admission>> same = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String key = "k" + i;
        distinct.add(clients.submit(() -> store.admit(delivery("shop/a", key, T0)).join()));
        same.add(clients.submit(() -> store.admit(delivery("shop/b", "same", T0)).join()));
      }
      Set<Long> ids = new HashSet<>();
      for (Future<Admission> admission : distinct) {
        ids.add(((Admission.Stored) admission.get()).id());
      }
      long storedOnce = 0;
      for (Future<Admission> admission : same) {
        storedOnce += admission.get() instanceof Admission.Stored ? 1 : 0;
      }

      assertThat(ids).hasSize(400);
      assertThat(storedOnce).isEqualTo(1);
      assertThat(store.statistics(T0).perEndpoint().get("shop/a").pending()).isEqualTo(400);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void admitsCompleteOnlyOnceDurable() throws Exception {
    List<CompletableFuture<Admission>> admissions = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      admissions.add(store.admit(delivery("shop/a", "k" + i, T0)));
    }
    CompletableFuture.allOf(admissions.toArray(CompletableFuture[]::new)).join();

    store = reopen(store);

    assertThat(store.claim("me", 100, T0, LEASE)).hasSize(50);
  }

  @Test
  void aClaimTakesOnlyDueDeliveriesUpToMaxOldestFirst() {
    long first = admitted(delivery("shop/a", "k1", T0));
    long second = admitted(delivery("shop/a", "k2", T0.plusSeconds(1)));
    admitted(delivery("shop/a", "k3", T0.plusSeconds(60)));

    List<StoredDelivery> claimed = store.claim("me", 5, T0.plusSeconds(1), LEASE);

    assertThat(claimed).extracting(StoredDelivery::id).containsExactly(first, second);
    assertThat(store.claim("me", 1, T0.plusSeconds(60), LEASE)).hasSize(1);
  }

  @Test
  void leasedDeliveriesAreNotClaimedAgainUntilTheLeaseRunsOut() {
    long id = admitted(delivery("shop/a", "k1", T0));
    assertThat(store.claim("one", 10, T0, LEASE)).hasSize(1);

    assertThat(store.claim("two", 10, T0.plus(LEASE).minusMillis(1), LEASE)).isEmpty();
    List<StoredDelivery> takenOver = store.claim("two", 10, T0.plus(LEASE), LEASE);

    assertThat(takenOver).extracting(StoredDelivery::id).containsExactly(id);
  }

  @Test
  void aRenewedLeaseKeepsOtherClaimersAwayUntilItRunsOut() {
    long id = admitted(delivery("shop/a", "k1", T0));
    assertThat(store.claim("one", 10, T0, LEASE)).hasSize(1);

    assertThat(store.renew("one", List.of(id), T0.plus(LEASE.multipliedBy(2)))).containsExactly(id);

    assertThat(store.claim("two", 10, T0.plus(LEASE), LEASE)).isEmpty();
    assertThat(store.claim("two", 10, T0.plus(LEASE.multipliedBy(2)).minusMillis(1), LEASE)).isEmpty();
    assertThat(store.claim("two", 10, T0.plus(LEASE.multipliedBy(2)), LEASE)).extracting(StoredDelivery::id)
        .containsExactly(id);
  }

  @Test
  void aLeaseAdmittedWithTheDeliveryIsRenewedLikeAClaimedOne() {
    long id = stored(store.admit(delivery("shop/a", "k1", T0), new Lease("me", T0.plus(LEASE))).join());

    assertThat(store.renew("me", List.of(id), T0.plus(LEASE.multipliedBy(2)))).containsExactly(id);

    assertThat(store.claim("two", 10, T0.plus(LEASE), LEASE)).isEmpty();
  }

  @Test
  void onlyTheOwnerRenewsAndOnlyWhileTheDeliveryIsPending() {
    long taken = admitted(delivery("shop/a", "k1", T0));
    long done = admitted(delivery("shop/a", "k2", T0));
    assertThat(store.claim("one", 10, T0, LEASE)).extracting(StoredDelivery::id).containsExactly(taken, done);
    store.delivered(done, attempt(1, T0.plusSeconds(1), 200)).join();
    // the first lease ran out and another claimer took the delivery over
    assertThat(store.claim("two", 10, T0.plus(LEASE), LEASE)).extracting(StoredDelivery::id).containsExactly(taken);
    long free = admitted(delivery("shop/a", "k3", T0));

    Instant until = T0.plus(LEASE.multipliedBy(3));
    assertThat(store.renew("one", List.of(taken, done, free, 999_999L), until)).isEmpty();
    assertThat(store.renew("two", List.of(taken, done, free), until)).containsExactly(taken);
    assertThat(store.claim("three", 10, T0.plus(LEASE.multipliedBy(2)), LEASE)).extracting(StoredDelivery::id)
        .containsExactly(free);
  }

  @Test
  void aDeliveryAdmittedWithALeaseIsStoredClaimedByItsOwner() {
    long leased = stored(store.admit(delivery("shop/a", "k1", T0), new Lease("me", T0.plus(LEASE))).join());
    long queued = admitted(delivery("shop/a", "k2", T0));

    // the unleased one is due; the leased one only once its lease runs out, and then for anyone
    assertThat(store.claim("two", 10, T0, LEASE.multipliedBy(2))).extracting(StoredDelivery::id)
        .containsExactly(queued);
    assertThat(store.claim("two", 10, T0.plus(LEASE).minusMillis(1), LEASE)).isEmpty();
    assertThat(store.claim("two", 10, T0.plus(LEASE), LEASE)).extracting(StoredDelivery::id).containsExactly(leased);
    assertThat(store.find(leased)).get().extracting(StoredDelivery::attempts, StoredDelivery::state)
        .containsExactly(0, StoredDelivery.State.PENDING);
  }

  @Test
  void theOwnerOfALeasedAdmitRecordsItsOutcomeWithoutClaimingIt() {
    long delivered = stored(store.admit(delivery("shop/a", "k1", T0), new Lease("me", T0.plus(LEASE))).join());
    long retried = stored(store.admit(delivery("shop/a", "k2", T0), new Lease("me", T0.plus(LEASE))).join());

    store.delivered(delivered, attempt(1, T0.plusMillis(5), 200)).join();
    store.retryLater(retried, attempt(1, T0.plusMillis(5), 503), T0.plusSeconds(1)).join();

    assertThat(store.find(delivered)).get().extracting(StoredDelivery::state)
        .isEqualTo(StoredDelivery.State.DELIVERED);
    assertThat(store.claim("two", 10, T0.plusSeconds(1), LEASE))
        .extracting(StoredDelivery::id, StoredDelivery::attempts).containsExactly(tuple(retried, 1));
    assertThat(store.statistics(T0).perEndpoint().get("shop/a").delivered()).isEqualTo(1);
  }

  @Test
  void aLeasedAdmitIsDeduplicatedLikeAnyOther() {
    admitted(delivery("shop/a", "k1", T0));

    Admission again = store.admit(delivery("shop/a", "k1", T0.plusSeconds(1)), new Lease("me", T0.plus(LEASE))).join();

    assertThat(again).isInstanceOf(Admission.Duplicate.class);
  }

  @Test
  void aPostponedDeliveryIsDueLaterWithoutAnAttempt() {
    long id = admitted(delivery("shop/a", "k1", T0));
    store.claim("me", 1, T0, LEASE);
    Instant later = T0.plusSeconds(5);

    store.postpone(id, later).join();

    assertThat(store.claim("me", 1, later.minusMillis(1), LEASE)).isEmpty();
    assertThat(store.claim("me", 1, later, LEASE)).extracting(StoredDelivery::attempts).containsExactly(0);
    assertThat(store.history(id)).isEmpty();
  }

  @Test
  void aDeliveredDeliveryIsNotClaimedAgainAndIsCounted() {
    long id = admitted(delivery("shop/a", "k1", T0));
    store.claim("me", 1, T0, LEASE);

    store.delivered(id, attempt(1, T0.plusMillis(5), 200)).join();

    assertThat(store.claim("me", 10, T0.plus(Duration.ofDays(1)), LEASE)).isEmpty();
    assertThat(store.find(id)).get().extracting(StoredDelivery::state).isEqualTo(StoredDelivery.State.DELIVERED);
    assertThat(store.history(id)).containsExactly(attempt(1, T0.plusMillis(5), 200));
    StoreStatistics.EndpointCounts counts = store.statistics(T0).perEndpoint().get("shop/a");
    assertThat(counts.received()).isEqualTo(1);
    assertThat(counts.delivered()).isEqualTo(1);
    assertThat(counts.pending()).isZero();
    assertThat(counts.oldestPendingReceivedAt()).isNull();
  }

  @Test
  void aRetryIsDueAtItsNextAttemptTimeAndTheHistoryGrows() {
    long id = admitted(delivery("shop/a", "k1", T0));
    store.claim("me", 1, T0, LEASE);
    Instant next = T0.plusSeconds(10);

    store.retryLater(id, attempt(1, T0.plusMillis(20), 503), next).join();

    assertThat(store.claim("me", 10, next.minusMillis(1), LEASE)).isEmpty();
    List<StoredDelivery> again = store.claim("me", 10, next, LEASE);
    assertThat(again).extracting(StoredDelivery::attempts).containsExactly(1);
    assertThat(again.get(0).lastError()).isEqualTo("HTTP 503");
    store.retryLater(id, attempt(2, next.plusMillis(3), 0), next.plusSeconds(20)).join();
    assertThat(store.history(id)).extracting(AttemptRecord::attempt).containsExactly(1, 2);
    assertThat(store.statistics(T0).perEndpoint().get("shop/a").lastError()).isEqualTo("connection refused");
    assertThat(store.statistics(T0).perEndpoint().get("shop/a").pending()).isEqualTo(1);
  }

  @Test
  void deadLettersAreListedNewestFirstAndNotClaimed() {
    long older = admitted(delivery("shop/a", "k1", T0));
    long newer = admitted(delivery("shop/a", "k2", T0.plusSeconds(1)));
    long other = admitted(delivery("shop/b", "k3", T0));
    store.claim("me", 10, T0.plusSeconds(1), LEASE);

    store.deadLetter(older, attempt(3, T0.plusSeconds(2), 500)).join();
    store.deadLetter(newer, attempt(1, T0.plusSeconds(2), 410)).join();
    store.deadLetter(other, attempt(1, T0.plusSeconds(2), 410)).join();

    assertThat(store.deadLetters("shop/a", 10)).extracting(StoredDelivery::id).containsExactly(newer, older);
    assertThat(store.deadLetters("shop/a", 1)).extracting(StoredDelivery::id).containsExactly(newer);
    assertThat(store.deadLetters("shop/a", 10).get(0).state()).isEqualTo(StoredDelivery.State.DEAD_LETTERED);
    assertThat(store.claim("me", 10, T0.plus(Duration.ofDays(1)), LEASE)).isEmpty();
    assertThat(store.statistics(T0).perEndpoint().get("shop/a").deadLettered()).isEqualTo(2);
  }

  @Test
  void replayOfOneDeadLetterMakesItDueNowWithAFreshQueuedTime() {
    long id = admitted(delivery("shop/a", "k1", T0));
    long stays = admitted(delivery("shop/a", "k2", T0));
    store.claim("me", 10, T0, LEASE);
    store.deadLetter(id, attempt(1, T0, 410)).join();
    store.deadLetter(stays, attempt(1, T0, 410)).join();
    Instant replayedAt = T0.plus(Duration.ofDays(5));

    assertThat(store.replay(new ReplaySelection.One(id), replayedAt)).isEqualTo(1);

    List<StoredDelivery> claimed = store.claim("me", 10, replayedAt, LEASE);
    assertThat(claimed).extracting(StoredDelivery::id).containsExactly(id);
    assertThat(claimed.get(0).queuedAt()).isEqualTo(replayedAt);
    assertThat(claimed.get(0).receivedAt()).isEqualTo(T0);
    assertThat(store.deadLetters("shop/a", 10)).extracting(StoredDelivery::id).containsExactly(stays);
  }

  @Test
  void replayByEndpointAndSinceTakesOnlyMatchingDeadLetters() {
    long a1 = admitted(delivery("shop/a", "k1", T0));
    long a2 = admitted(delivery("shop/a", "k2", T0.plusSeconds(100)));
    long b1 = admitted(delivery("shop/b", "k3", T0.plusSeconds(100)));
    long pending = admitted(delivery("shop/a", "k4", T0.plusSeconds(200)));
    store.claim("me", 3, T0.plusSeconds(100), LEASE);
    for (long id : new long[] {a1, a2, b1}) {
      store.deadLetter(id, attempt(1, T0.plusSeconds(150), 500)).join();
    }
    Instant now = T0.plusSeconds(300);

    assertThat(store.replay(new ReplaySelection.Since(T0.plusSeconds(50), "shop/a"), now)).isEqualTo(1);
    assertThat(store.replay(new ReplaySelection.Since(T0.plusSeconds(50), null), now)).isEqualTo(1);
    assertThat(store.replay(new ReplaySelection.AllOfEndpoint("shop/a"), now)).isEqualTo(1);
    assertThat(store.replay(new ReplaySelection.One(pending), now)).isZero();

    assertThat(store.claim("me", 10, now, LEASE)).extracting(StoredDelivery::id)
        .containsExactlyInAnyOrder(a1, a2, b1, pending);
  }

  @Test
  void outcomesRecordedForADeliveryNoLongerPendingChangeNothing() {
    long id = admitted(delivery("shop/a", "k1", T0));
    store.claim("me", 1, T0, LEASE);
    store.delivered(id, attempt(1, T0, 200)).join();

    store.retryLater(id, attempt(2, T0, 503), T0.plusSeconds(5)).join();

    assertThat(store.find(id)).get().extracting(StoredDelivery::state).isEqualTo(StoredDelivery.State.DELIVERED);
    assertThat(store.claim("me", 1, T0.plusSeconds(5), LEASE)).isEmpty();
  }

  @Test
  void statisticsCountPerEndpoint() {
    long delivered = admitted(delivery("shop/a", "k1", T0));
    admitted(delivery("shop/a", "k2", T0.plusSeconds(10)));
    long dead = admitted(delivery("shop/a", "k3", T0.plusSeconds(20)));
    admitted(delivery("shop/b", "k4", T0.plusSeconds(30)));
    store.claim("me", 10, T0, LEASE);
    store.claim("me", 10, T0.plusSeconds(20), LEASE);
    store.delivered(delivered, attempt(1, T0.plusSeconds(21), 200)).join();
    store.deadLetter(dead, attempt(1, T0.plusSeconds(22), 410)).join();

    StoreStatistics statistics = store.statistics(T0.plusSeconds(40));

    assertThat(statistics.perEndpoint()).containsOnlyKeys("shop/a", "shop/b");
    StoreStatistics.EndpointCounts a = statistics.perEndpoint().get("shop/a");
    assertThat(a).usingRecursiveComparison().isEqualTo(new StoreStatistics.EndpointCounts(
        3, 1, 1, 1, T0.plusSeconds(10), T0.plusSeconds(20), "HTTP 410"));
    assertThat(statistics.perEndpoint().get("shop/b").pending()).isEqualTo(1);
    assertThat(statistics.sizeBytes()).isPositive();
  }

  @Test
  void readsSeeEveryEarlierWrite() {
    long first = admitted(delivery("shop/a", "k1", T0));
    assertThat(store.statistics(T0).perEndpoint().get("shop/a").pending()).isEqualTo(1);
    assertThat(store.deadLetters("shop/a", 10)).isEmpty();
    assertThat(store.find(first)).get().extracting(StoredDelivery::state).isEqualTo(StoredDelivery.State.PENDING);

    admitted(delivery("shop/a", "k2", T0));
    store.claim("me", 10, T0, LEASE);
    store.deadLetter(first, attempt(1, T0, 410)).join();

    assertThat(store.statistics(T0).perEndpoint().get("shop/a").pending()).isEqualTo(1);
    assertThat(store.deadLetters("shop/a", 10)).extracting(StoredDelivery::id).containsExactly(first);
    assertThat(store.find(first)).get().extracting(StoredDelivery::state)
        .isEqualTo(StoredDelivery.State.DEAD_LETTERED);
  }

  @Test
  void pruneRemovesOldDeliveredDeliveriesAndDedupKeysButKeepsCounts() {
    long old = finished("k1", 200, 1);
    long recent = finished("k2", 200, 100);
    long dead = finished("k3", 410, 1);

    int pruned = store.prune(T0.plusSeconds(50), T0, T0.plusSeconds(1)); // the dead letter is within its retention

    assertThat(pruned).isEqualTo(1 + 3);
    assertThat(store.find(old)).isEmpty();
    assertThat(store.history(old)).isEmpty();
    assertThat(store.find(recent)).isPresent();
    assertThat(store.find(dead)).isPresent();
    assertThat(store.admit(delivery("shop/a", "k1", T0.plusSeconds(2))).join()).isInstanceOf(Admission.Stored.class);
    assertThat(store.statistics(T0).perEndpoint().get("shop/a").delivered()).isEqualTo(2);
  }

  /** More rows than one prune step of the embedded store (it deletes in steps, so admits never wait long). */
  @Test
  void pruneRemovesEveryExpiredRowHoweverMany() {
    int many = 1_203;
    List<CompletableFuture<Admission>> admitted = new ArrayList<>();
    for (int i = 0; i < many; i++) {
      admitted.add(store.admit(delivery("shop/a", "old-" + i, T0)));
    }
    long kept = admitted(delivery("shop/a", "kept", T0.plusSeconds(100)));
    List<Long> ids = admitted.stream().map(admission -> stored(admission.join())).toList();
    List<CompletableFuture<Void>> outcomes = new ArrayList<>();
    for (StoredDelivery claimed : store.claim("me", many + 1, T0.plusSeconds(100), LEASE)) {
      AttemptRecord attempt = attempt(1, claimed.id() == kept ? T0.plusSeconds(100) : T0.plusSeconds(1), 200);
      outcomes.add(store.delivered(claimed.id(), attempt));
    }
    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).join();

    int pruned = store.prune(T0.plusSeconds(50), T0, T0.plusSeconds(50));

    assertThat(pruned).as("deliveries and their dedup keys").isEqualTo(2 * many);
    assertThat(ids).allSatisfy(id -> assertThat(store.find(id)).isEmpty());
    assertThat(store.history(ids.get(many - 1))).isEmpty();
    assertThat(store.find(kept)).isPresent();
    assertThat(store.history(kept)).hasSize(1);
    assertThat(store.statistics(T0).perEndpoint().get("shop/a").delivered()).isEqualTo(many + 1);
  }

  @Test
  void pruneRemovesDeadLettersPastTheirRetentionButKeepsTheTotals() {
    long old = finished("k1", 410, 1);
    long recent = finished("k2", 410, 100);
    long delivered = finished("k3", 200, 1);

    int pruned = store.prune(T0, T0.plusSeconds(50), T0);

    assertThat(pruned).isEqualTo(1);
    assertThat(store.find(old)).isEmpty();
    assertThat(store.history(old)).isEmpty();
    assertThat(store.deadLetters("shop/a", 10)).extracting(StoredDelivery::id).containsExactly(recent);
    StoreStatistics.EndpointCounts counts = store.statistics(T0).perEndpoint().get("shop/a");
    assertThat(counts.received()).isEqualTo(3);
    assertThat(counts.delivered()).isEqualTo(1);
    assertThat(counts.deadLettered()).isEqualTo(1);
    assertThat(counts.pending()).isZero();
    assertThat(store.find(delivered)).isPresent();
  }

  @Test
  void findReturnsEmptyForAnUnknownId() {
    assertThat(store.find(987_654)).isEmpty();
    assertThat(store.history(987_654)).isEmpty();
  }
}
