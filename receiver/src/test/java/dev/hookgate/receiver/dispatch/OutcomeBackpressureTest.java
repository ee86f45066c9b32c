package dev.hookgate.receiver.dispatch;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.testing.ObservedEmbeddedStore;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
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

/**
 * A store that records outcomes more slowly than the target answers (a PostgreSQL store whose outcome threads fall
 * behind, say): every delivery whose outcome is not committed yet keeps its body in memory, so it must count against
 * {@code hookgate.dispatch.max-outstanding} like one still being sent. Otherwise the dispatcher kept claiming and
 * sending while the unrecorded outcomes piled up in the receiver's heap without bound.
 */
class OutcomeBackpressureTest {

  private static final String SECRET = "gh-secret";
  private static final int MAX_OUTSTANDING = 10;
  private static final int DELIVERIES = 60;

  @TempDir Path dir;


  @Test
  void deliveriesWhoseOutcomeIsNotCommittedCountAgainstMaxOutstanding() throws Exception {
    assertOnlyThisManyAreSentUntilOutcomesCommit(MAX_OUTSTANDING, 16,
        Map.of("hookgate.dispatch.max-outstanding", MAX_OUTSTANDING, "hookgate.dispatch.claim-batch", 4));
  }

  @Test
  void theirBodiesCountAgainstMaxOutstandingBytes() throws Exception {
    // 20,000-byte bodies and room for 100,000: five are claimed (0 to 80,000 bytes before each), then none
    assertOnlyThisManyAreSentUntilOutcomesCommit(5, 20_000, Map.of("hookgate.dispatch.max-outstanding-bytes", 100_000));
  }

  private void assertOnlyThisManyAreSentUntilOutcomesCommit(int sentAtMost, int bodyBytes,
      Map<String, Object> dispatchSettings) throws Exception {
    Map<String, Object> settings = new HashMap<>(dispatchSettings);
    settings.put(ObservedEmbeddedStore.ENABLED, true);
    try (StubTarget target = new StubTarget();
        RunningReceiver receiver = new RunningReceiver(TestRoutes.writeTable(dir,
            List.of(TestRoutes.route("gh", ProviderType.GITHUB, SECRET, target.url("/ok")))), settings)) {
      ObservedEmbeddedStore store = receiver.context().getBean(ObservedEmbeddedStore.class);
      store.holdOutcomes();
      for (int i = 0; i < DELIVERIES; i++) {
        byte[] body = jsonOf(i, bodyBytes);
        Map<String, String> headers = Map.of("Content-Type", "application/json", "X-GitHub-Event", "push",
            "X-GitHub-Delivery", "d-" + i, "X-Hub-Signature-256", Signatures.gitHub(SECRET, body));
        assertThat(receiver.post("gh", headers, body).statusCode()).isEqualTo(202);
      }

      await().atMost(Duration.ofSeconds(20)).until(() -> target.received().size() == sentAtMost);
      // The target answered all of them; with their outcomes still unrecorded, nothing more is claimed or sent
      // (the dispatcher polls every 20 ms here, so a missing bound shows within this second).
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
          .until(() -> target.received().size() == sentAtMost);

      store.releaseOutcomes();

      await().atMost(Duration.ofSeconds(20)).until(() -> target.received().size() == DELIVERIES);
    }
  }

  /** A JSON body of exactly {@code bytes} bytes. */
  private static byte[] jsonOf(int n, int bytes) {
    String start = "{\"n\":" + n + ",\"p\":\"";
    return utf8(start + "x".repeat(bytes - start.length() - 2) + "\"}");
  }
}
