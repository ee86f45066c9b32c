package dev.hookgate.receiver.peer;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.store.sqlite.SqliteDeliveryStore;
import dev.hookgate.receiver.testing.ReceiverJvm;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's Job for a volume left behind by a scaled-down StatefulSet: a receiver started on that volume with
 * {@code hookgate.peers.drain-and-exit} moves what the volume holds to the receivers that still run, then exits 0.
 */
class DrainAndExitJvmTest {

  private static final String SECRET = "orphan-secret";
  /** The pod that held the volume and was killed, then the Job's pod on the same volume. */
  private static final String GONE = "127.0.0.3";
  /** The receiver that still runs (the headless Service lists only it). */
  private static final String KEPT = "127.0.0.2";
  private static final int DELIVERIES = 20;

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void aReceiverOnAnOrphanedVolumeMovesItsDeliveriesToTheRunningReceiversAndExitsZero() throws Exception {
    Path hosts = Files.writeString(dir.resolve("hosts"), GONE + " receivers\n");
    Path orphanedStore = dir.resolve("gone").resolve("deliveries.db");
    int publicPort = RunningReceiver.freePort();
    int internalPort = RunningReceiver.freePort();
    try (StubTarget target = new StubTarget()) {
      target.answer("/down", 503, Map.of());
      Path routes = TestRoutes.writeTable(dir, List.of(TestRoutes.route("gh", ProviderType.GITHUB, SECRET,
          target.url("/down"))));

      // A receiver takes deliveries its target refuses, then is killed: it could not drain on its own.
      ReceiverJvm gone = ReceiverJvm.startPeer(new ReceiverJvm.Listen(GONE, publicPort, internalPort), hosts, routes,
          orphanedStore, dir.resolve("gone.log"), Map.of());
      Set<String> sent = new TreeSet<>();
      try {
        for (int i = 0; i < DELIVERIES; i++) {
          String id = "orphan-" + i;
          assertThat(gone.postGitHubPush(client, "gh", SECRET, id, utf8("{\"delivery\":\"" + id + "\"}")))
              .isEqualTo(202);
          sent.add(id);
        }
      } finally {
        gone.kill();
      }
      assertThat(pending(orphanedStore)).isEqualTo(DELIVERIES);

      Files.writeString(hosts, KEPT + " receivers\n");
      ReceiverJvm kept = ReceiverJvm.startPeer(new ReceiverJvm.Listen(KEPT, publicPort, internalPort), hosts, routes,
          dir.resolve("kept").resolve("deliveries.db"), dir.resolve("kept.log"), Map.of());
      try {
        ReceiverJvm job = ReceiverJvm.launchPeer(new ReceiverJvm.Listen(GONE, publicPort, internalPort), hosts,
            routes, orphanedStore, dir.resolve("job.log"), Map.of("HOOKGATE_PEERS_DRAIN_AND_EXIT", "true"));
        try {
          assertThat(job.awaitExit(Duration.ofSeconds(60))).as("the drain Job's exit code").isZero();
        } finally {
          job.kill();
        }
        assertThat(pending(orphanedStore)).isZero();
        // The dedup keys came along: a provider's retry of an event the killed pod had taken is a duplicate.
        assertThat(kept.postGitHubPush(client, "gh", SECRET, "orphan-7", utf8("{\"delivery\":\"orphan-7\"}")))
            .isEqualTo(200);

        target.answer("/down", 200, Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> target.countsOf("X-GitHub-Delivery").keySet()
            .containsAll(sent));
      } finally {
        kept.close();
      }
    }
  }

  private static long pending(Path store) {
    try (SqliteDeliveryStore file = new SqliteDeliveryStore(store, Long.MAX_VALUE, Duration.ofHours(72), 64)) {
      return file.statistics(Instant.now()).pending();
    }
  }
}
