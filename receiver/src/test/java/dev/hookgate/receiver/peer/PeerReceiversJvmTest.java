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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two receiver processes set up as the StatefulSet sets its pods up: each with its own embedded store, on an address
 * of its own (127.0.0.2 and 127.0.0.3, the same ports), finding each other through one DNS name with both addresses
 * (a hosts file standing in for the headless Service). A provider's retry that reaches the other process is a
 * duplicate; when one process is killed with SIGKILL in the middle of traffic, every delivery that got a 2xx still
 * reaches the target once it is back.
 */
class PeerReceiversJvmTest {

  private static final String SECRET = "peer-secret";
  private static final String A = "127.0.0.2";
  private static final String B = "127.0.0.3";
  private static final int SENDERS = 8;
  private static final int UNDER_LOAD = 1_500;
  private static final int KILL_AFTER_ACKS = 400;

  @TempDir Path dir;

  private Path routes;
  private Path hosts;
  private int publicPort;
  private int internalPort;

  @Test
  void retriesThatCrossReceiversAreDuplicatesAndAKilledOwnerLosesNothing() throws Exception {
    hosts = Files.writeString(dir.resolve("hosts"), A + " receivers\n" + B + " receivers\n");
    publicPort = RunningReceiver.freePort();
    internalPort = RunningReceiver.freePort();
    try (StubTarget target = new StubTarget()) {
      routes = TestRoutes.writeTable(dir, List.of(
          TestRoutes.withTimeout(TestRoutes.route("gh", ProviderType.GITHUB, SECRET, target.url("/ok")), 10_000)));
      ReceiverJvm a = start(A, "a");
      ReceiverJvm b = start(B, "b");
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      try {
        // 1. A provider's first attempts reach A, its retries reach B.
        for (int i = 0; i < 100; i++) {
          assertThat(send(client, a, "first-" + i)).isEqualTo(202);
        }
        for (int i = 0; i < 100; i++) {
          assertThat(send(client, b, "first-" + i)).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedIds(target).size() == 100);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
            .until(() -> target.received().size() == 100);
        assertThat(handoffs(client, a, "stored")).isBetween(1L, 99L);
        assertThat(handoffs(client, b, "duplicate")).isEqualTo(100 - handoffs(client, a, "stored"));

        // 2. Traffic to A while B (the owner of about half the keys) is killed and later started again.
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
          running.add(senders.submit(() -> {
            for (int i = next.getAndIncrement(); i < UNDER_LOAD; i = next.getAndIncrement()) {
              String id = "load-" + i;
              while (send(client, a, id) / 100 != 2) {
                Thread.sleep(50); // the provider retries
              }
              acknowledged.add(id);
            }
            return null;
          }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= KILL_AFTER_ACKS);
        b.kill();
        int acknowledgedAtKill = acknowledged.size();
        for (Future<?> sender : running) {
          sender.get();
        }
        senders.shutdown();
        long fallbacks = handoffs(client, a, "fallback");
        b = start(B, "b-again"); // delivers what it committed before the kill

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> receivedIds(target).keySet().containsAll(acknowledged));
        Map<String, Long> received = receivedIds(target);
        long duplicated = received.values().stream().filter(count -> count > 1).count();
        System.out.printf("Peer receivers: %d deliveries to A, B killed after %d acknowledged; %d stored by A"
                + " after failed hand-overs; the target got %d distinct deliveries, %d more than once%n",
            UNDER_LOAD, acknowledgedAtKill, fallbacks, received.size(), duplicated);
        assertThat(acknowledged).hasSize(UNDER_LOAD);
        assertThat(fallbacks).as("hand-overs to the killed owner fell back to A").isPositive();
      } finally {
        a.close();
        b.close();
      }
    }
  }

  private ReceiverJvm start(String host, String name) {
    return ReceiverJvm.startPeer(new ReceiverJvm.Listen(host, publicPort, internalPort), hosts, routes,
        dir.resolve(name.replace("-again", "")).resolve("deliveries.db"), dir.resolve("receiver-" + name + ".log"),
        Map.of());
  }

  private static int send(HttpClient client, ReceiverJvm receiver, String deliveryId) throws InterruptedException {
    return receiver.postGitHubPush(client, "gh", SECRET, deliveryId, utf8("{\"delivery\":\"" + deliveryId + "\"}"));
  }

  private static long handoffs(HttpClient client, ReceiverJvm receiver, String outcome) throws Exception {
    return Math.round(receiver.meter(client, "hookgate_receiver_peer_handoffs_total{outcome=\"" + outcome + "\"}"));
  }

  /** Each delivery id the target got, with how many times. */
  private static Map<String, Long> receivedIds(StubTarget target) {
    return target.countsOf("X-GitHub-Delivery");
  }
}
