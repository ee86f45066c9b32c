package dev.hookgate.receiver.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hookgate.receiver.testing.ObservedEmbeddedStore;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.receiver.testing.TrackingTarget;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A receiver whose lease renewals come back empty (another replica took its deliveries over) does not send the
 * deliveries still waiting for a slot at a slow target: they belong to someone else now. Here the store has them
 * leased to this receiver all the same, so its next claim takes them again once the lease has run out, and every
 * delivery reaches the target exactly once.
 */
class LeaseLapseTest {

  private static final String SECRET = "lapse-secret";
  private static final int DELIVERIES = 10;

  @TempDir
  Path dir;

  @Test
  void aDeliveryWhoseLeaseRanOutWhileWaitingIsNotSentButClaimedAgain() throws Exception {
    Logger dispatcherLog = (Logger) LoggerFactory.getLogger(Dispatcher.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    dispatcherLog.addAppender(logged);
    try (TrackingTarget target = new TrackingTarget(Duration.ofMillis(300))) {
      Path routes = TestRoutes.writeTable(dir, List.of(TestRoutes.withTarget(
          TestRoutes.route("orders", ProviderType.GITHUB, SECRET, target.url()),
          new Target(target.url(), 5_000, Target.OutputFormat.RAW, Target.DEFAULT_RETRY_FOR_SECONDS, 1))));
      try (RunningReceiver receiver = new RunningReceiver(routes, Map.of(
          ObservedEmbeddedStore.ENABLED, true,
          "hookgate.dispatch.lease", "1s"))) {
        ObservedEmbeddedStore store = receiver.context().getBean(ObservedEmbeddedStore.class);
        store.loseLeases();
        for (int i = 0; i < DELIVERIES; i++) {
          assertThat(receiver.postGitHubPush("orders", SECRET, "delivery-" + i).statusCode()).isEqualTo(202);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> pending(store) == 0);

        assertThat(store.renewalsRefused()).isPositive();
        assertThat(logged.list).as("leases lost, deliveries left to the next claim")
            .anyMatch(event -> event.getFormattedMessage().startsWith("Lost the leases on"))
            .anyMatch(event -> event.getFormattedMessage().contains("lease on it ran out before its turn"));
        assertThat(target.deliveries()).hasSize(DELIVERIES);
        assertThat(target.deliveries().values()).extracting(AtomicInteger::get).containsOnly(1);
      }
    } finally {
      dispatcherLog.detachAppender(logged);
    }
  }

  private static long pending(ObservedEmbeddedStore store) {
    return store.statistics(Instant.now()).pending();
  }
}
