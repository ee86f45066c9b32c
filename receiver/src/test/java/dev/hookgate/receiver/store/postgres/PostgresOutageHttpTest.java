package dev.hookgate.receiver.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.testing.PostgresServer;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A provider's view of a PostgreSQL outage: 503 (never a 2xx without a commit) while it lasts, 202 after. */
class PostgresOutageHttpTest {

  private static final String SECRET = "outage-secret";

  @TempDir
  Path dir;

  @Test
  void whileTheDatabaseIsDownDeliveriesGet503AndAfterwardsTheSameReceiverAcceptsAndDeliversThem() throws Exception {
    PostgresServer postgres = PostgresServer.get();
    try (StubTarget target = new StubTarget()) {
      Path routes = TestRoutes.writeTable(dir,
          List.of(TestRoutes.route("orders", ProviderType.GITHUB, SECRET, target.url("/ok"))));
      Map<String, Object> store = new HashMap<>(postgres.receiverSettings());
      store.put("hookgate.store.postgresql.connect-timeout", "1s");
      try (RunningReceiver receiver = new RunningReceiver(routes, store)) {
        assertThat(receiver.postGitHubPush("orders", SECRET, "before").statusCode()).isEqualTo(202);
        assertThat(target.next().header("X-GitHub-Delivery")).isEqualTo("before");

        postgres.stop();
        try {
          assertThat(receiver.postGitHubPush("orders", SECRET, "during").statusCode()).isEqualTo(503);
        } finally {
          postgres.resume();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(receiver.postGitHubPush("orders", SECRET, "during").statusCode()).isEqualTo(202));
        assertThat(target.next(Duration.ofSeconds(30)).header("X-GitHub-Delivery")).isEqualTo("during");
        assertThat(target.received()).isEmpty();
      }
    }
  }
}
