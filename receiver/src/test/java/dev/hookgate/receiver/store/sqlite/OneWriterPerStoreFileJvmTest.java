package dev.hookgate.receiver.store.sqlite;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.receiver.testing.ReceiverJvm;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two receiver processes on one store file, as when a StatefulSet is scaled up again while the operator's drain Job
 * still works on the volume: the second is not ready and answers 503 (nothing it acknowledged could be sent twice by
 * both), and takes the file over by itself once the first has stopped, with whatever the first left pending.
 */
class OneWriterPerStoreFileJvmTest {

  private static final String SECRET = "owner-secret";
  private static final int LEFT_PENDING = 10;

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void aSecondReceiverOnTheFileWaitsNotReadyUntilTheFirstIsGoneThenDeliversWhatItLeft() throws Exception {
    Path store = dir.resolve("volume").resolve("deliveries.db");
    try (StubTarget target = new StubTarget()) {
      target.answer("/down", 503, Map.of());
      Path routes = TestRoutes.writeTable(dir, List.of(TestRoutes.route("gh", ProviderType.GITHUB, SECRET,
          target.url("/down"))));
      ReceiverJvm first = ReceiverJvm.start(routes, store, dir.resolve("first.log"), Map.of());
      Set<String> acknowledged = new TreeSet<>();
      ReceiverJvm second = null;
      try {
        for (int i = 0; i < LEFT_PENDING; i++) {
          String id = "first-" + i;
          assertThat(first.postGitHubPush(client, "gh", SECRET, id, utf8("{\"n\":" + i + "}"))).isEqualTo(202);
          acknowledged.add(id);
        }

        second = ReceiverJvm.launch(routes, store, dir.resolve("second.log"), Map.of());
        ReceiverJvm starting = second;
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> status(starting, "/internal/health/liveness") == 200);
        assertThat(status(second, "/internal/health/readiness")).as("readiness while the first owns the file")
            .isEqualTo(503);
        assertThat(second.postGitHubPush(client, "gh", SECRET, "second-0", utf8("{\"n\":0}")))
            .as("a delivery to the receiver that cannot write").isEqualTo(503);
        assertThat(Files.readString(dir.resolve("second.log")))
            .contains("is in use by another process").contains("process " + first.pid());
        JsonNode report = new ObjectMapper().readTree(client.send(HttpRequest.newBuilder(
            second.internalUri("/internal/store")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(report.get("takingDeliveries").asBoolean()).isFalse();
        assertThat(report.get("reason").asText()).contains("in use by another process")
            .contains("process " + first.pid());
        // The first still writes and answers.
        assertThat(first.postGitHubPush(client, "gh", SECRET, "first-extra", utf8("{}"))).isEqualTo(202);
        acknowledged.add("first-extra");
      } finally {
        first.kill();
      }

      ReceiverJvm taken = second;
      try {
        await().atMost(Duration.ofSeconds(20))
            .until(() -> status(taken, "/internal/health/readiness") == 200);
        assertThat(taken.postGitHubPush(client, "gh", SECRET, "second-1", utf8("{\"n\":1}"))).isEqualTo(202);
        acknowledged.add("second-1");
        target.answer("/down", 200, Map.of());
        await().atMost(Duration.ofSeconds(30))
            .until(() -> target.countsOf("X-GitHub-Delivery").keySet().containsAll(acknowledged));
        assertThat(target.countsOf("X-GitHub-Delivery")).doesNotContainKey("second-0");
        assertThat(Files.readString(dir.resolve("second.log"))).contains("is this receiver's now");
      } finally {
        taken.close();
      }
    }
  }

  private int status(ReceiverJvm receiver, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(receiver.internalUri(path)).timeout(Duration.ofSeconds(2)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
