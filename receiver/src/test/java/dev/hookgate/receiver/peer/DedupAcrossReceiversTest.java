package dev.hookgate.receiver.peer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.StoreStatistics;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two receivers, each with its own embedded store, as two pods of the StatefulSet: a provider's retry that reaches
 * the other receiver than its first attempt is answered "duplicate" and not delivered again, because each dedup
 * key is stored by one owner. An owner that cannot be reached costs deduplication, never the delivery.
 */
class DedupAcrossReceiversTest {

  private static final String SECRET = "gh-secret";

  @TempDir Path dir;

  @Test
  void aRetryThatReachesTheOtherReceiverIsAnsweredDuplicateAndDeliveredOnce() throws Exception {
    int portA = RunningReceiver.freePort();
    int portB = RunningReceiver.freePort();
    try (StubTarget target = new StubTarget();
        RunningReceiver a = receiver(target, "a", portA, portB);
        RunningReceiver b = receiver(target, "b", portB, portA)) {
      for (int i = 0; i < 40; i++) {
        HttpResponse<String> first = a.postGitHubPush("gh", SECRET, "d-" + i);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
      }
      for (int i = 0; i < 40; i++) {
        HttpResponse<String> retry = b.postGitHubPush("gh", SECRET, "d-" + i);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo("duplicate");
      }

      await().atMost(Duration.ofSeconds(20)).until(() -> target.received().size() >= 40);
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
          .until(() -> target.received().size() == 40);
      assertThat(target.received().stream().map(request -> request.header("X-GitHub-Delivery"))
          .collect(Collectors.toSet())).hasSize(40);

      // each receiver stored the keys it owns: A handed B's over, B found A's own ones at A
      long storedByA = received(a);
      long storedByB = received(b);
      assertThat(storedByA + storedByB).isEqualTo(40);
      assertThat(storedByA).isPositive();
      assertThat(storedByB).isPositive();
      assertThat(handoffs(a, "stored")).isEqualTo(storedByB);
      assertThat(handoffs(b, "duplicate")).isEqualTo(storedByA);
      assertThat(handoffs(a, "fallback") + handoffs(b, "fallback")).isZero();
    }
  }

  @Test
  void aDeliveryWhoseOwnerIsDownIsStoredAndDeliveredByTheReceiverItReached() throws Exception {
    int portA = RunningReceiver.freePort();
    int portB = RunningReceiver.freePort(); // nothing listens there
    try (StubTarget target = new StubTarget(); RunningReceiver a = receiver(target, "a", portA, portB)) {
      for (int i = 0; i < 30; i++) {
        assertThat(a.postGitHubPush("gh", SECRET, "down-" + i).statusCode()).isEqualTo(202);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> target.received().size() == 30);
      assertThat(received(a)).isEqualTo(30);
      // the keys B owns (about half) were tried there first
      assertThat(handoffs(a, "fallback")).isBetween(1.0, 29.0);
    }
  }

  /** The hand-over's head (headers as JSON) comes on top of the body: a body at the cap still reaches its owner. */
  @Test
  void aBodyAtTheCapIsHandedToItsOwnerNotStoredHere() throws Exception {
    int portA = RunningReceiver.freePort();
    int portB = RunningReceiver.freePort();
    String ownerB = "http://127.0.0.1:" + portB;
    List<String> members = java.util.stream.Stream.of("http://127.0.0.1:" + portA, ownerB).sorted().toList();
    String id = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "big-" + i)
        .filter(candidate -> Rendezvous.owner(members, "gh\n" + candidate).equals(ownerB)).findFirst().orElseThrow();
    try (StubTarget target = new StubTarget();
        RunningReceiver a = receiver(target, "a", portA, portB);
        RunningReceiver b = receiver(target, "b", portB, portA)) {
      String prefix = "{\"pad\":\"";
      byte[] body = (prefix + "x".repeat((int) RunningReceiver.MAX_BODY_BYTES - prefix.length() - 2) + "\"}")
          .getBytes(UTF_8);
      assertThat(body).hasSize((int) RunningReceiver.MAX_BODY_BYTES);

      HttpResponse<String> answer = a.post("gh", Signatures.gitHubPush(SECRET, id, body), body);

      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      assertThat(handoffs(a, "stored")).isEqualTo(1.0);
      assertThat(handoffs(a, "fallback")).isZero();
      assertThat(target.next(Duration.ofSeconds(10)).body()).isEqualTo(body);
    }
  }

  @Test
  void theHandoffEndpointRefusesWhatItCannotStore() throws Exception {
    int portA = RunningReceiver.freePort();
    try (StubTarget target = new StubTarget();
        RunningReceiver a = receiver(target, "a", portA, RunningReceiver.freePort())) {
      var unknownRoute = new dev.hookgate.receiver.store.NewDelivery("nope", "shop/nope", "github", "push", "x", "x",
          Instant.now(), Map.of(), "{}".getBytes(UTF_8));
      HttpResponse<String> notServed = handOff(a, HandoffMessage.write(unknownRoute));
      assertThat(notServed.statusCode()).isEqualTo(404);

      assertThat(handOff(a, "{\"routeSlug\":\"gh\"}".getBytes(UTF_8)).statusCode()).isEqualTo(400);
      assertThat(handOff(a, new byte[] {0, 0, 0, 2, '{', '}'}).statusCode()).isEqualTo(400);

      var owned = new dev.hookgate.receiver.store.NewDelivery("gh", "shop/orders", "github", "push", "h-1", "h-1",
          Instant.now(), Map.of("X-GitHub-Delivery", List.of("h-1")), "{\"a\":1}".getBytes(UTF_8));
      HttpResponse<String> stored = handOff(a, HandoffMessage.write(owned));
      assertThat(stored.statusCode()).isEqualTo(200);
      assertThat(stored.headers().firstValue("Hookgate-Admission")).contains("stored");
      assertThat(stored.headers().firstValue("Hookgate-Delivery-Id")).isPresent();
      assertThat(stored.body()).startsWith("{\"admission\":\"stored\",\"id\":");
      HttpResponse<String> again = handOff(a, HandoffMessage.write(owned));
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(again.headers().firstValue("Hookgate-Admission")).contains("duplicate");

      StubTarget.Received delivered = target.next(Duration.ofSeconds(10));
      assertThat(new String(delivered.body(), UTF_8)).isEqualTo("{\"a\":1}");
      assertThat(delivered.header("X-GitHub-Delivery")).isEqualTo("h-1");
    }
  }

  private RunningReceiver receiver(StubTarget target, String name, int internalPort, int otherInternalPort)
      throws Exception {
    Path routes = TestRoutes.writeTable(java.nio.file.Files.createDirectories(dir.resolve(name)),
        List.of(TestRoutes.route("gh", ProviderType.GITHUB, SECRET, target.url("/ok"))));
    String self = "http://127.0.0.1:" + internalPort;
    return new RunningReceiver(routes, Map.of(
        "endpoints.all.port", internalPort,
        "hookgate.peers.members", List.of(self, "http://127.0.0.1:" + otherInternalPort),
        "hookgate.peers.self", self));
  }

  private static HttpResponse<String> handOff(RunningReceiver receiver, byte[] message) {
    return receiver.post(receiver.internalUri(PeerHandoff.PATH), HandoffMessage.MEDIA_TYPE, message);
  }

  private static long received(RunningReceiver receiver) {
    return receiver.context().getBean(DeliveryStore.class).statistics(Instant.now()).perEndpoint().values().stream()
        .mapToLong(StoreStatistics.EndpointCounts::received).sum();
  }

  private static double handoffs(RunningReceiver receiver, String outcome) {
    return receiver.context().getBean(MeterRegistry.class).get(PeerHandoff.METER).tag("outcome", outcome)
        .counter().count();
  }
}
