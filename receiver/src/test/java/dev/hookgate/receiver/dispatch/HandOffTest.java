package dev.hookgate.receiver.dispatch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.store.StoreStatistics;
import dev.hookgate.receiver.testing.ObservedEmbeddedStore;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery received while the dispatcher has room is sent straight from memory once committed (stored already
 * leased to this receiver), not claimed back from the store; one that finds no room is stored unleased and claimed
 * in its turn. Either way it reaches the target once and its outcome is recorded.
 */
class HandOffTest {

  private static final String SECRET = "gh-secret";

  @TempDir Path dir;


  @Test
  void deliveriesReceivedWithRoomToSendAreSentWithoutBeingClaimedBack() throws Exception {
    try (StubTarget target = new StubTarget(); RunningReceiver receiver = receiver(target, Map.of())) {
      ObservedEmbeddedStore store = receiver.context().getBean(ObservedEmbeddedStore.class);
      // the dispatcher has looked and found nothing waiting in the store (a second claim: the first one's finished)
      await().atMost(Duration.ofSeconds(10)).until(() -> store.claims() > 1);

      for (int i = 0; i < 20; i++) {
        assertThat(post(receiver, i).statusCode()).isEqualTo(202);
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> target.received().size() == 20);
      await().atMost(Duration.ofSeconds(10)).until(() -> delivered(store) == 20);
      assertThat(store.claimed()).isEmpty();
      assertThat(target.received()).extracting(request -> request.header("X-Hookgate-Attempt")).containsOnly("1");
      assertThat(target.received().stream().map(request -> request.header("X-GitHub-Delivery"))
          .collect(Collectors.toSet())).hasSize(20);
    }
  }

  @Test
  void deliveriesThatFindNoRoomAreStoredForAClaimAndDeliveredInTheirTurn() throws Exception {
    try (StubTarget target = new StubTarget();
        RunningReceiver receiver = receiver(target, Map.of("hookgate.dispatch.max-outstanding", 1))) {
      ObservedEmbeddedStore store = receiver.context().getBean(ObservedEmbeddedStore.class);
      store.holdOutcomes(); // the first one sent keeps the only place
      await().atMost(Duration.ofSeconds(10)).until(() -> store.claims() > 1);

      for (int i = 0; i < 10; i++) {
        assertThat(post(receiver, i).statusCode()).isEqualTo(202);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> target.received().size() == 1);
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> target.received().size() == 1);

      store.releaseOutcomes();

      await().atMost(Duration.ofSeconds(20)).until(() -> delivered(store) == 10);
      assertThat(store.claimed()).hasSizeGreaterThanOrEqualTo(9);
      assertThat(target.received()).hasSize(10);
      assertThat(target.received().stream().map(request -> request.header("X-GitHub-Delivery"))
          .collect(Collectors.toSet())).hasSize(10);
    }
  }

  private RunningReceiver receiver(StubTarget target, Map<String, Object> settings) throws IOException {
    Map<String, Object> all = new HashMap<>(settings);
    all.put(ObservedEmbeddedStore.ENABLED, true);
    return new RunningReceiver(TestRoutes.writeTable(dir,
        List.of(TestRoutes.route("gh", ProviderType.GITHUB, SECRET, target.url("/ok")))), all);
  }

  private static HttpResponse<String> post(RunningReceiver receiver, int n) {
    byte[] body = ("{\"n\":" + n + "}").getBytes(UTF_8);
    return receiver.post("gh", Map.of("Content-Type", "application/json", "X-GitHub-Event", "push",
        "X-GitHub-Delivery", "d-" + n, "X-Hub-Signature-256", Signatures.gitHub(SECRET, body)), body);
  }

  private static long delivered(ObservedEmbeddedStore store) {
    return store.statistics(Instant.now()).perEndpoint().values().stream()
        .mapToLong(StoreStatistics.EndpointCounts::delivered).sum();
  }
}
