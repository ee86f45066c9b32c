package dev.hookgate.receiver.peer;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.testing.ReceiverJvm;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two receiver processes finding each other through one DNS name (a hosts file standing in for the headless
 * Service), the second joining after the first has delivered events: the first copies the dedup keys the newcomer
 * now owns to it, so a provider's retry that reaches the newcomer is a duplicate, not a second delivery.
 */
class JoinedOwnerKeysJvmTest {

  private static final String SECRET = "join-secret";
  private static final String A = "127.0.0.2";
  private static final String B = "127.0.0.3";
  private static final int EVENTS = 20;

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void keysTheJoinedReceiverOwnsAreCopiedToItSoRetriesThereAreDuplicates() throws Exception {
    Path hosts = Files.writeString(dir.resolve("hosts"), A + " receivers\n");
    int publicPort = RunningReceiver.freePort();
    int internalPort = RunningReceiver.freePort();
    List<String> ids = IntStream.range(0, EVENTS).mapToObj(i -> "joined-" + i).toList();
    List<String> members = List.of("http://" + A + ":" + internalPort, "http://" + B + ":" + internalPort);
    long ownedByB = ids.stream().filter(id -> Rendezvous.owner(members, "gh\n" + id).equals(members.get(1))).count();
    assertThat(ownedByB).isBetween(1L, EVENTS - 1L);

    try (StubTarget target = new StubTarget()) {
      Path routes = TestRoutes.writeTable(dir, List.of(TestRoutes.route("gh", ProviderType.GITHUB, SECRET,
          target.url("/ok"))));
      Path logOfB = dir.resolve("receiver-b.log");
      try (ReceiverJvm a = start(A, publicPort, internalPort, routes, hosts, dir.resolve("receiver-a.log"))) {
        for (String id : ids) { // A is the only receiver: it stores them all
          assertThat(send(a, id)).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> target.received().size() == EVENTS);

        try (ReceiverJvm b = start(B, publicPort, internalPort, routes, hosts, logOfB)) {
          Files.writeString(hosts, A + " receivers\n" + B + " receivers\n"); // B is ready: the Service lists it
          await().atMost(Duration.ofSeconds(20)).until(() -> copiedKeys(a) == ownedByB
              && Files.readString(logOfB).contains("Dedup peers: 2 receiver(s)"));

          // the provider retries every event at B: B finds the keys it owns in its own store, hands A the others
          for (String id : ids) {
            assertThat(send(b, id)).as(id).isEqualTo(200);
          }
          assertThat(handoffs(b, "duplicate")).isEqualTo(EVENTS - ownedByB);
          assertThat(target.received()).hasSize(EVENTS);
        }
      }
    }
  }

  private static ReceiverJvm start(String host, int publicPort, int internalPort, Path routes, Path hosts, Path log) {
    return ReceiverJvm.startPeer(new ReceiverJvm.Listen(host, publicPort, internalPort), hosts, routes,
        log.resolveSibling(host).resolve("deliveries.db"), log, Map.of());
  }

  private int send(ReceiverJvm receiver, String id) throws InterruptedException {
    return receiver.postGitHubPush(client, "gh", SECRET, id, utf8("{\"delivery\":\"" + id + "\"}"));
  }

  private long copiedKeys(ReceiverJvm receiver) throws Exception {
    return Math.round(receiver.meter(client, "hookgate_receiver_dedup_keys_copied_total"));
  }

  private long handoffs(ReceiverJvm receiver, String outcome) throws Exception {
    return Math.round(receiver.meter(client, "hookgate_receiver_peer_handoffs_total{outcome=\"" + outcome + "\"}"));
  }
}
