package dev.hookgate.receiver.store;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.testing.ReceiverJvm;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver in its own JVM takes {@value #DELIVERIES} signed deliveries from {@value #SENDERS} client threads, is
 * killed with SIGKILL in the middle, and a new receiver is started on the same store file. The clients behave like
 * providers: a delivery without a 2xx is sent again (to the new receiver) until it gets one. Every delivery that
 * got a 2xx must reach the target at least once; duplicates are counted and printed.
 */
class ReceiverCrashTest {

  private static final int DELIVERIES = 10_000;
  private static final int SENDERS = 16;
  private static final int KILL_AFTER_ACKS = 3_000;
  private static final String SECRET = "crash-secret";

  @TempDir Path dir;

  @Test
  void everyAcknowledgedDeliveryReachesTheTargetAfterASigkill() throws Exception {
    try (StubTarget target = new StubTarget()) {
      Path routes = TestRoutes.writeTable(dir, List.of(
          TestRoutes.withTimeout(TestRoutes.route("crash", ProviderType.GITHUB, SECRET, target.url("/ok")), 10_000)));
      Path store = dir.resolve("store").resolve("deliveries.db");
      AtomicReference<ReceiverJvm> receiver = new AtomicReference<>(start(routes, store, "first"));
      CountDownLatch restarted = new CountDownLatch(1);
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicInteger providerRetries = new AtomicInteger();
      AtomicInteger nextId = new AtomicInteger();
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      long started = System.nanoTime();

      ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < SENDERS; i++) {
        running.add(senders.submit(() -> {
          for (int id = nextId.getAndIncrement(); id < DELIVERIES; id = nextId.getAndIncrement()) {
            String deliveryId = "delivery-" + id;
            while (!sendUntilAnswered(client, receiver.get(), deliveryId)) {
              providerRetries.incrementAndGet();
              restarted.await(); // the provider retries later; by then a receiver is back
            }
            acknowledged.add(deliveryId);
          }
          return null;
        }));
      }
      await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= KILL_AFTER_ACKS);
      receiver.get().kill();
      int acknowledgedAtKill = acknowledged.size();
      receiver.set(start(routes, store, "second"));
      restarted.countDown();
      for (Future<?> sender : running) {
        sender.get();
      }
      senders.shutdown();
      double sendSeconds = (System.nanoTime() - started) / 1e9;

      try {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
            .until(() -> receivedIds(target).keySet().containsAll(acknowledged));
      } catch (ConditionTimeoutException e) {
        System.out.println("Not all delivered; the receiver reports: " + client.send(
            HttpRequest.newBuilder(receiver.get().internalUri("/internal/routes")).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        throw e;
      } finally {
        receiver.get().close();
      }
      Map<String, Long> received = receivedIds(target);
      long duplicated = received.values().stream().filter(count -> count > 1).count();
      long extraRequests = received.values().stream().mapToLong(count -> count - 1).sum();
      System.out.printf("Crash test: %d deliveries from %d senders in %.1f s; SIGKILL after %d acknowledged;"
              + " %d provider retries after it; %d acknowledged in all; the target got %d distinct deliveries,"
              + " %d of them more than once (%d extra requests)%n",
          DELIVERIES, SENDERS, sendSeconds, acknowledgedAtKill, providerRetries.get(), acknowledged.size(),
          received.size(), duplicated, extraRequests);

      assertThat(acknowledged).hasSize(DELIVERIES);
      assertThat(received.keySet()).containsAll(acknowledged);
      assertThat(providerRetries.get()).as("the kill hit requests in flight").isPositive();
    }
  }

  private ReceiverJvm start(Path routes, Path store, String name) {
    return ReceiverJvm.start(routes, store, dir.resolve("receiver-" + name + ".log"), Map.of());
  }

  /** True once the receiver answered 2xx; false when it did not answer (it is down) or answered otherwise. */
  private static boolean sendUntilAnswered(HttpClient client, ReceiverJvm receiver, String deliveryId)
      throws InterruptedException {
    byte[] body = utf8("{\"delivery\":\"" + deliveryId + "\",\"padding\":\"" + "x".repeat(900) + "\"}");
    return receiver.postGitHubPush(client, "crash", SECRET, deliveryId, body) / 100 == 2;
  }

  /** Each delivery id the target got, with how many times. */
  private static Map<String, Long> receivedIds(StubTarget target) {
    return target.countsOf("X-GitHub-Delivery");
  }
}
