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
 * Receiver processes finding each other through one DNS name (a hosts file standing in for the headless Service).
 * Every dedup key is kept by two of them, its owner and its backup: a receiver that joins gets the keys it keeps now,
 * and one killed without draining takes none with it, so a provider's retry is a duplicate, not a second delivery.
 */
class DedupKeyRebalanceJvmTest {

  private static final String SECRET = "join-secret";
  private static final String A = "127.0.0.2";
  private static final String B = "127.0.0.3";
  private static final String C = "127.0.0.4";
  private static final int EVENTS = 20;

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void keysTheJoinedReceiverKeepsAreCopiedToItSoRetriesThereAreDuplicates() throws Exception {
    Path hosts = Files.writeString(dir.resolve("hosts"), A + " receivers\n");
    int publicPort = RunningReceiver.freePort();
    int internalPort = RunningReceiver.freePort();
    List<String> ids = IntStream.range(0, EVENTS).mapToObj(i -> "joined-" + i).toList();
    List<String> members = List.of(member(A, internalPort), member(B, internalPort));
    long ownedByB = ids.stream().filter(id -> Rendezvous.owner(members, "gh\n" + id).equals(members.get(1))).count();
    assertThat(ownedByB).isBetween(1L, EVENTS - 1L);

    try (StubTarget target = new StubTarget()) {
      Path routes = routes(target);
      Path logOfB = dir.resolve("receiver-b.log");
      try (ReceiverJvm a = start(A, publicPort, internalPort, routes, hosts, dir.resolve("receiver-a.log"))) {
        for (String id : ids) { // A is the only receiver: it stores them all
          assertThat(send(a, id)).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> target.received().size() == EVENTS);

        try (ReceiverJvm b = start(B, publicPort, internalPort, routes, hosts, logOfB)) {
          Files.writeString(hosts, A + " receivers\n" + B + " receivers\n"); // B is ready: the Service lists it
          // of two receivers, each keeps every key: as the owner, or as the backup
          await().atMost(Duration.ofSeconds(20)).until(() -> copiedKeys(a) == EVENTS
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

  @Test
  void receiversKilledWithoutDrainingTakeNoDedupKeysWithThem() throws Exception {
    Path hosts = Files.writeString(dir.resolve("hosts"), A + " receivers\n" + B + " receivers\n" + C
        + " receivers\n");
    int publicPort = RunningReceiver.freePort();
    int internalPort = RunningReceiver.freePort();
    List<String> ids = IntStream.range(0, EVENTS).mapToObj(i -> "kept-" + i).toList();
    List<String> three = List.of(member(A, internalPort), member(B, internalPort), member(C, internalPort));
    long ownedByC = ids.stream().filter(id -> Rendezvous.owner(three, "gh\n" + id).equals(three.get(2))).count();
    assertThat(ownedByC).isBetween(1L, EVENTS - 1L);

    try (StubTarget target = new StubTarget()) {
      Path routes = routes(target);
      Path logOfA = dir.resolve("receiver-a.log");
      Path logOfB = dir.resolve("receiver-b.log");
      try (ReceiverJvm a = start(A, publicPort, internalPort, routes, hosts, logOfA);
          ReceiverJvm b = start(B, publicPort, internalPort, routes, hosts, logOfB);
          ReceiverJvm c = start(C, publicPort, internalPort, routes, hosts, dir.resolve("receiver-c.log"))) {
        for (String id : ids) { // A stores the keys it owns and hands B and C theirs
          assertThat(send(a, id)).isEqualTo(202);
        }
        assertThat(handoffs(a, "stored")).isEqualTo(EVENTS - ownedBy(ids, three, A));
        // every owner copies each key it stored to the key's backup
        await().atMost(Duration.ofSeconds(20)).until(() -> target.received().size() == EVENTS
            && backups(a) + backups(b) + backups(c) == EVENTS);

        c.kill(); // SIGKILL: no drain, its volume stays where it was
        Files.writeString(hosts, A + " receivers\n" + B + " receivers\n");
        String placed = "Dedup keys copied to their new owners and backups among [" + member(A, internalPort) + ", "
            + member(B, internalPort) + "]";
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(logOfA).contains(placed)
            && Files.readString(logOfB).contains(placed));
        // C's keys are owned by their backups now, which have them
        for (String id : ids) {
          assertThat(send(a, id)).as(id).isEqualTo(200);
        }

        b.kill(); // the keys C backed up got a new backup when C went: A keeps all of them now
        Files.writeString(hosts, A + " receivers\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(logOfA)
            .contains("Dedup peers: 1 receiver(s)"));
        for (String id : ids) {
          assertThat(send(a, id)).as(id).isEqualTo(200);
        }
        assertThat(target.received()).hasSize(EVENTS);
      }
    }
  }

  @Test
  void keysWaitForABackupThatDoesNotAnswerAndReachItOnceItDoes() throws Exception {
    Path hosts = Files.writeString(dir.resolve("hosts"), A + " receivers\n" + B + " receivers\n");
    int publicPort = RunningReceiver.freePort();
    int internalPort = RunningReceiver.freePort();
    List<String> ids = IntStream.range(0, EVENTS).mapToObj(i -> "waiting-" + i).toList();

    try (StubTarget target = new StubTarget()) {
      Path routes = routes(target);
      Path logOfB = dir.resolve("receiver-b.log");
      try (ReceiverJvm a = start(A, publicPort, internalPort, routes, hosts, dir.resolve("receiver-a.log"))) {
        start(B, publicPort, internalPort, routes, hosts, dir.resolve("receiver-b-first.log")).kill();
        // B is dead but still listed (the Service has not noticed yet): A stores every delivery, B's own ones as
        // a fallback, and each key waits for B, its backup or its owner
        for (String id : ids) {
          assertThat(send(a, id)).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> target.received().size() == EVENTS
            && waitingBackups(a) == EVENTS);
        assertThat(backups(a)).isZero();

        try (ReceiverJvm b = start(B, publicPort, internalPort, routes, hosts, logOfB)) {
          await().atMost(Duration.ofSeconds(20)).until(() -> waitingBackups(a) == 0 && backups(a) == EVENTS);
          a.kill();
          Files.writeString(hosts, B + " receivers\n");
          await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(logOfB)
              .contains("Dedup peers: 1 receiver(s)"));
          for (String id : ids) { // B has every key A stored while B was away
            assertThat(send(b, id)).as(id).isEqualTo(200);
          }
          assertThat(target.received()).hasSize(EVENTS);
        }
      }
    }
  }

  private long waitingBackups(ReceiverJvm receiver) throws Exception {
    return Math.round(receiver.meter(client, "hookgate_receiver_dedup_key_backups_waiting"));
  }

  private static long ownedBy(List<String> ids, List<String> members, String host) {
    return ids.stream().filter(id -> Rendezvous.owner(members, "gh\n" + id).contains("//" + host + ":")).count();
  }

  private static String member(String host, int internalPort) {
    return "http://" + host + ":" + internalPort;
  }

  private Path routes(StubTarget target) throws Exception {
    return TestRoutes.writeTable(dir, List.of(TestRoutes.route("gh", ProviderType.GITHUB, SECRET,
        target.url("/ok"))));
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

  private long backups(ReceiverJvm receiver) throws Exception {
    return Math.round(receiver.meter(client, "hookgate_receiver_dedup_key_backups_total"));
  }

  private long handoffs(ReceiverJvm receiver, String outcome) throws Exception {
    return Math.round(receiver.meter(client, "hookgate_receiver_peer_handoffs_total{outcome=\"" + outcome + "\"}"));
  }
}
