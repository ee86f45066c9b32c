package dev.hookgate.receiver.peer;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.receiver.testing.ReceiverJvm;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.receiver.testing.TestRoutes;
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
 * Two receiver processes set up as the StatefulSet sets its pods up (as in {@link PeerReceiversJvmTest}), with
 * {@code hookgate.peers.drain-on-shutdown}: the one stopped with SIGTERM, as a scale-down stops a pod, moves what it
 * holds to the other before it exits, so nothing waits on the volume it leaves behind.
 */
class DrainOnShutdownJvmTest {

  private static final String SECRET = "drain-secret";
  private static final String A = "127.0.0.2";
  private static final String B = "127.0.0.3";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Path routes;
  private Path hosts;
  private int publicPort;
  private int internalPort;

  @Test
  void aReceiverStoppedWithSigtermMovesItsDeliveriesToTheOtherBeforeItExits() throws Exception {
    hosts = Files.writeString(dir.resolve("hosts"), A + " receivers\n" + B + " receivers\n");
    publicPort = RunningReceiver.freePort();
    internalPort = RunningReceiver.freePort();
    try (StubTarget target = new StubTarget()) {
      target.answer("/down", 503, Map.of());
      routes = TestRoutes.writeTable(dir, List.of(TestRoutes.route("gh", ProviderType.GITHUB, SECRET,
          target.url("/down"))));
      ReceiverJvm a = start(A, "a", true);
      ReceiverJvm b = start(B, "b", true);
      ReceiverJvm aAgain = null;
      try {
        Set<String> sent = new TreeSet<>();
        for (int i = 0; i < 40; i++) {
          String id = "stop-" + i;
          assertThat(a.postGitHubPush(client, "gh", SECRET, id, utf8("{\"delivery\":\"" + id + "\"}")))
              .isEqualTo(202);
          sent.add(id);
        }
        long heldByA = progress(a).path("pending").asLong();
        assertThat(heldByA).isBetween(1L, 39L); // A owns about half the dedup keys, B the rest

        long stopping = System.nanoTime();
        a.close(); // SIGTERM, then wait for the process to exit
        long stoppedMillis = (System.nanoTime() - stopping) / 1_000_000;
        System.out.printf("Drain on shutdown: the stopped receiver moved %d pending deliveries and exited in %d ms%n",
            heldByA, stoppedMillis);

        assertThat(progress(b).path("pending").asLong()).isEqualTo(40);
        aAgain = start(A, "a", false); // its volume, as the pod would find it if it came back
        JsonNode left = progress(aAgain);
        assertThat(left.path("pending").asLong()).isZero();
        assertThat(left.path("deadLetters").asLong()).isZero();

        target.answer("/down", 200, Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> target.countsOf("X-GitHub-Delivery").keySet()
            .containsAll(sent));
      } finally {
        if (aAgain != null) {
          aAgain.close();
        }
        b.close();
      }
    }
  }

  private ReceiverJvm start(String host, String name, boolean drainOnShutdown) {
    return ReceiverJvm.startPeer(new ReceiverJvm.Listen(host, publicPort, internalPort), hosts, routes,
        dir.resolve(name).resolve("deliveries.db"), dir.resolve("receiver-" + name + "-" + System.nanoTime() + ".log"),
        drainOnShutdown ? Map.of("HOOKGATE_PEERS_DRAIN_ON_SHUTDOWN", "20s") : Map.of());
  }

  private JsonNode progress(ReceiverJvm receiver) throws Exception {
    return JSON.readTree(client.send(HttpRequest.newBuilder(receiver.internalUri("/internal/drain")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }
}
