package dev.hookgate.receiver.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.testing.PostgresServer;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.receiver.testing.TrackingTarget;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two receivers share one PostgreSQL queue, and the target is slow: one delivery at a time, 300 ms each. The
 * deliveries the first receiver holds wait in its lane up to twice the 2 s lease, and the second receiver's
 * dispatcher claims every 20 ms. The holder renews its leases, so none is taken over: each delivery reaches the
 * target exactly once. (Without renewals the second receiver took over and sent most of them a second time.)
 */
class LeaseRenewalTest {

  private static final String SECRET = "lease-secret";
  private static final int DELIVERIES = 16;
  private static final Duration SLOW = Duration.ofMillis(300);

  @TempDir
  Path dir;

  @Test
  void deliveriesHeldLongerThanTheLeaseAreNotTakenOverByAnotherReceiver() throws Exception {
    Map<String, Object> settings = new HashMap<>(PostgresServer.get().receiverSettings());
    settings.put("hookgate.dispatch.lease", "2s");
    try (TrackingTarget target = new TrackingTarget(SLOW)) {
      Path routes = TestRoutes.writeTable(dir, List.of(TestRoutes.withTarget(
          TestRoutes.route("orders", ProviderType.GITHUB, SECRET, target.url()),
          new Target(target.url(), 5_000, Target.OutputFormat.RAW, Target.DEFAULT_RETRY_FOR_SECONDS, 1))));
      try (RunningReceiver holder = new RunningReceiver(routes, settings);
          RunningReceiver other = new RunningReceiver(routes, settings)) {
        for (int i = 0; i < DELIVERIES; i++) {
          assertThat(holder.postGitHubPush("orders", SECRET, "delivery-" + i).statusCode()).isEqualTo(202);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> pending(holder) == 0);

        assertThat(target.deliveries()).hasSize(DELIVERIES);
        assertThat(target.deliveries().values()).as("times each delivery reached the target")
            .extracting(AtomicInteger::get).containsOnly(1);
        assertThat(target.concurrentDuplicates()).isZero();
      }
    }
  }

  private static long pending(RunningReceiver receiver) {
    return receiver.context().getBean(DeliveryStore.class).statistics(Instant.now()).pending();
  }
}
