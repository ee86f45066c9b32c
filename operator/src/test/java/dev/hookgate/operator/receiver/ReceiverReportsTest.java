package dev.hookgate.operator.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookgate.operator.testing.MutableClock;
import dev.hookgate.routing.ReceiverStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ReceiverReportsTest {

  private static final Duration MAX_AGE = Duration.ofMillis(200);
  private static final List<URI> RECEIVERS = List.of(URI.create("http://10.0.0.1:9090"), URI.create("http://10.0.0.2:9090"));
  private static final ReceiverStatus REPORT = new ReceiverStatus(Instant.EPOCH, null, List.of());

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final StaticReceiverFleet fleet = new StaticReceiverFleet(RECEIVERS);

  @Test
  void concurrentCallersShareOneFetch() throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    CountDownLatch fetchStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ReceiverReports reports = new ReceiverReports(fleet, receivers -> {
      fetches.incrementAndGet();
      fetchStarted.countDown();
      await(release);
      return answered(receivers);
    }, clock, MAX_AGE);

    int callers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<ReceiverReports.Reports>> results = new ArrayList<>();
      results.add(pool.submit(reports::current));
      assertThat(fetchStarted.await(5, TimeUnit.SECONDS)).isTrue();
      for (int i = 1; i < callers; i++) {
        results.add(pool.submit(reports::current));
      }
      release.countDown();
      for (Future<ReceiverReports.Reports> result : results) {
        assertThat(result.get(5, TimeUnit.SECONDS).ready()).hasSize(2).allMatch(Optional::isPresent);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fetches).hasValue(1);

    // Within the max age: still the same fetch.
    clock.advance(MAX_AGE.minusMillis(1));
    reports.current();
    assertThat(fetches).hasValue(1);
  }

  @Test
  void whileARefreshIsInFlightCallersGetThePreviousReportsWithoutWaiting() throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    CountDownLatch refreshStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ReceiverReports reports = new ReceiverReports(fleet, receivers -> {
      if (fetches.incrementAndGet() == 2) {
        refreshStarted.countDown();
        await(release);
        return List.of(Optional.empty(), Optional.empty());
      }
      return answered(receivers);
    }, clock, MAX_AGE);
    reports.current();
    clock.advance(MAX_AGE);

    ExecutorService refresher = Executors.newSingleThreadExecutor();
    try {
      Future<ReceiverReports.Reports> refreshed = refresher.submit(reports::current);
      assertThat(refreshStarted.await(5, TimeUnit.SECONDS)).isTrue();

      assertThat(reports.current().ready()).as("the previous reports, at once").hasSize(2).allMatch(Optional::isPresent);

      release.countDown();
      assertThat(refreshed.get(5, TimeUnit.SECONDS).ready()).hasSize(2).allMatch(Optional::isEmpty);
    } finally {
      release.countDown();
      refresher.shutdownNow();
    }
    assertThat(fetches).hasValue(2);
  }

  @Test
  void afterTheMaxAgeTheReportsAreFetchedAgain() {
    AtomicInteger fetches = new AtomicInteger();
    ReceiverReports reports = new ReceiverReports(fleet, receivers -> {
      fetches.incrementAndGet();
      return answered(receivers);
    }, clock, MAX_AGE);

    reports.current();
    reports.current();
    assertThat(fetches).hasValue(1);
    clock.advance(MAX_AGE);
    reports.current();
    reports.current();
    assertThat(fetches).hasValue(2);
  }

  @Test
  void aSilentReceiverIsOnlyRememberedForTheMaxAge() {
    AtomicReference<Function<List<URI>, List<Optional<ReceiverStatus>>>> behaviour =
        new AtomicReference<>(receivers -> List.of(Optional.of(REPORT), Optional.empty()));
    ReceiverReports reports = new ReceiverReports(fleet, receivers -> behaviour.get().apply(receivers), clock, MAX_AGE);

    assertThat(reports.current().ready()).containsExactly(Optional.of(REPORT), Optional.empty());
    behaviour.set(ReceiverReportsTest::answered);
    assertThat(reports.current().ready()).containsExactly(Optional.of(REPORT), Optional.empty());
    clock.advance(MAX_AGE);
    assertThat(reports.current().ready()).containsExactly(Optional.of(REPORT), Optional.of(REPORT));
  }

  @Test
  void aFetchThatThrowsIsNotCached() {
    AtomicInteger fetches = new AtomicInteger();
    ReceiverReports reports = new ReceiverReports(fleet, receivers -> {
      if (fetches.incrementAndGet() == 1) {
        throw new IllegalStateException("boom");
      }
      return answered(receivers);
    }, clock, MAX_AGE);

    assertThatThrownBy(reports::current).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    assertThat(reports.current().ready()).hasSize(2);
    assertThat(fetches).hasValue(2);
  }

  @Test
  void theReportsFollowTheFleet() {
    ReceiverReports reports =
        new ReceiverReports(new StaticReceiverFleet(List.of()), ReceiverReportsTest::answered, clock, MAX_AGE);
    assertThat(reports.current().ready()).isEmpty();
  }

  @Test
  void receiversThatAreNotReadyAreAskedInTheSameFetchAndReportedApart() {
    URI full = URI.create("http://10.0.0.9:9090");
    ReceiverFleet withOneNotReady = new ReceiverFleet() {
      @Override
      public List<URI> receivers() {
        return RECEIVERS;
      }

      @Override
      public List<URI> notReady() {
        return List.of(full);
      }
    };
    List<List<URI>> asked = new ArrayList<>();
    ReceiverReports reports = new ReceiverReports(withOneNotReady, receivers -> {
      asked.add(receivers);
      return receivers.stream().map(r -> r.equals(full) ? Optional.<ReceiverStatus>empty() : Optional.of(REPORT))
          .toList();
    }, clock, MAX_AGE);

    ReceiverReports.Reports current = reports.current();

    assertThat(asked).containsExactly(List.of(RECEIVERS.get(0), RECEIVERS.get(1), full));
    assertThat(current.ready()).containsExactly(Optional.of(REPORT), Optional.of(REPORT));
    assertThat(current.notReady()).containsExactly(Optional.empty());
  }

  private static List<Optional<ReceiverStatus>> answered(List<URI> receivers) {
    return receivers.stream().map(r -> Optional.of(REPORT)).toList();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
