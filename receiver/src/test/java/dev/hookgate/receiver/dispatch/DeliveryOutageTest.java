package dev.hookgate.receiver.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.ReceiverStatus;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target fails in the ways targets fail, with a real receiver and a real store file: everything acknowledged
 * is delivered once the target is back; Retry-After is honoured; 410 stops the endpoint; retryFor ends in a dead
 * letter that the admin API lists and replays.
 */
class DeliveryOutageTest {

  private static final String SECRET = "gh-secret";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private StubTarget target;
  private RunningReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    target = new StubTarget();
    Route outage = TestRoutes.route("outage", ProviderType.GITHUB, SECRET, target.url("/outage"));
    Route polite = TestRoutes.route("polite", ProviderType.GITHUB, SECRET, target.url("/polite"));
    Route gone = TestRoutes.route("gone", ProviderType.GITHUB, SECRET, target.url("/gone"));
    Route brief = TestRoutes.withTarget(TestRoutes.route("brief", ProviderType.GITHUB, SECRET, target.url("/brief")),
        new Target(target.url("/brief"), 1_000, Target.OutputFormat.RAW, 1, 4));
    receiver = new RunningReceiver(TestRoutes.writeTable(dir, List.of(outage, polite, gone, brief)));
  }

  @AfterEach
  void stop() {
    receiver.close();
    target.close();
  }

  @Test
  void deliveriesPileUpWhileTheTargetIsDownAndAllArriveWhenItIsBack() {
    target.answer("/outage", 503, Map.of());
    Set<String> acknowledged = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String id = UUID.randomUUID().toString();
      assertThat(send("outage", id).statusCode()).isEqualTo(202);
      acknowledged.add(id);
    }
    await().atMost(WAIT).untilAsserted(() -> assertThat(endpointCounts("outage")).isNotNull()
        .extracting(ReceiverStatus.DeliveryCounts::pending).isEqualTo(200L));

    target.answer("/outage", 200, Map.of());

    await().atMost(WAIT).until(() -> requestedIds("/outage").containsAll(acknowledged));
    await().atMost(WAIT).until(() -> endpointCounts("outage").delivered() == 200);
    ReceiverStatus.DeliveryCounts counts = endpointCounts("outage");
    assertThat(counts.pending()).isZero();
    assertThat(counts.received()).isEqualTo(200);
    assertThat(counts.lastError()).isEqualTo("HTTP 503");
  }

  @Test
  void noAttemptComesBeforeTheTargetsRetryAfter() {
    target.answer("/polite", 429, Map.of("Retry-After", "2"));
    assertThat(send("polite", "p-1").statusCode()).isEqualTo(202);
    StubTarget.Received refused = target.next();
    await().atMost(WAIT).until(() -> endpointCounts("polite") != null
        && "HTTP 429".equals(endpointCounts("polite").lastError()));
    target.answer("/polite", 200, Map.of());
    assertThat(send("polite", "p-2").statusCode()).as("throttles the whole endpoint").isEqualTo(202);

    StubTarget.Received next = target.next(WAIT);
    StubTarget.Received last = target.next(WAIT);

    assertThat(Duration.between(refused.at(), next.at())).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
    assertThat(Duration.between(refused.at(), last.at())).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
    assertThat(List.of(next.header("X-GitHub-Delivery"), last.header("X-GitHub-Delivery")))
        .containsExactlyInAnyOrder("p-1", "p-2");
  }

  @Test
  void aTargetThatAnswers410StopsItsEndpointUntilReplayed() throws Exception {
    target.answer("/gone", 410, Map.of());
    assertThat(send("gone", "g-1").statusCode()).isEqualTo(202);
    target.next();
    await().atMost(WAIT).until(() -> deadLetters("shop", "gone").size() == 1);

    assertThat(send("gone", "g-2").statusCode()).as("the provider still gets its 2xx").isEqualTo(202);
    await().atMost(WAIT).until(() -> deadLetters("shop", "gone").size() == 2);
    assertThat(target.received()).as("nothing more sent to a gone target").isEmpty();
    JsonNode unsent = deadLetters("shop", "gone").get(0);
    assertThat(unsent.get("lastError").asText()).contains("410").contains("not sent");
    await().atMost(WAIT).until(() -> endpointCounts("gone").stoppedReason() != null);
    assertThat(endpointCounts("gone").stoppedReason()).contains("410 Gone");

    target.answer("/gone", 200, Map.of());
    HttpResponse<String> replayed =
        receiver.postJson(receiver.internalUri("/internal/replay"), "{\"endpoint\":\"shop/gone\"}");

    assertThat(replayed.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(replayed.body()).get("replayed").asInt()).isEqualTo(2);
    await().atMost(WAIT).until(() -> endpointCounts("gone").delivered() == 2);
    assertThat(requestedIds("/gone")).containsExactlyInAnyOrder("g-1", "g-2");
    assertThat(endpointCounts("gone").stoppedReason()).isNull();
  }

  @Test
  void afterRetryForADeliveryIsADeadLetterWithItsHistoryAndAReplayDeliversIt() throws Exception {
    target.answer("/brief", 500, Map.of());
    assertThat(send("brief", "b-1").statusCode()).isEqualTo(202);

    await().atMost(WAIT).until(() -> deadLetters("shop", "brief").size() == 1);
    JsonNode dead = deadLetters("shop", "brief").get(0);
    long id = dead.get("id").asLong();
    assertThat(dead.get("state").asText()).isEqualTo("DEAD_LETTERED");
    assertThat(dead.get("lastError").asText()).contains("retryFor").contains("HTTP 500");
    assertThat(dead.get("providerDeliveryId").asText()).isEqualTo("b-1");
    assertThat(dead.has("body")).as("bodies and headers stay out of the admin API").isFalse();
    JsonNode history = delivery(id).get("history");
    assertThat(history.size()).as("retried until retryFor ran out").isGreaterThanOrEqualTo(2);
    assertThat(history.get(0).get("statusCode").asInt()).isEqualTo(500);
    int attemptsBefore = target.received().size();

    target.answer("/brief", 200, Map.of());
    HttpResponse<String> replayed =
        receiver.postJson(receiver.internalUri("/internal/replay"), "{\"id\":" + id + "}");

    assertThat(JSON.readTree(replayed.body()).get("replayed").asInt()).isEqualTo(1);
    await().atMost(WAIT).until(() -> delivery(id).get("state").asText().equals("DELIVERED"));
    assertThat(delivery(id).get("history").size()).isEqualTo(history.size() + 1);
    assertThat(target.received()).hasSize(attemptsBefore + 1);
    assertThat(deadLetters("shop", "brief")).isEmpty();
  }

  @Test
  void theAdminApiAnswers404ForUnknownDeliveriesAnd400ForAnEmptyReplayAndIsNotOnThePublicPort() {
    assertThat(receiver.get(receiver.internalUri("/internal/deliveries/999999")).statusCode()).isEqualTo(404);
    assertThat(receiver.postJson(receiver.internalUri("/internal/replay"), "{}").statusCode()).isEqualTo(400);
    assertThat(receiver.postJson(receiver.internalUri("/internal/replay"), "{\"since\":\"yesterday\"}").statusCode())
        .isEqualTo(400);
    assertThat(receiver.get(receiver.publicUri("/internal/deliveries/1")).statusCode()).isEqualTo(404);
    assertThat(receiver.get(receiver.publicUri("/internal/endpoints/shop/gone/dead-letters")).statusCode())
        .isEqualTo(404);
  }

  private HttpResponse<String> send(String slug, String deliveryId) {
    return receiver.postGitHubPush(slug, SECRET, deliveryId);
  }

  /** The provider delivery ids the target got requests for on {@code path}, whatever it answered. */
  private Set<String> requestedIds(String path) {
    return target.received().stream()
        .filter(request -> request.path().equals(path))
        .map(request -> request.header("X-GitHub-Delivery"))
        .collect(Collectors.toSet());
  }

  private ReceiverStatus.DeliveryCounts endpointCounts(String slug) {
    return receiver.status().routes().stream()
        .filter(route -> route.slug().equals(slug))
        .findFirst().orElseThrow().deliveries();
  }

  private JsonNode deadLetters(String namespace, String name) {
    return json(receiver.get(receiver.internalUri(
        "/internal/endpoints/" + namespace + "/" + name + "/dead-letters")));
  }

  private JsonNode delivery(long id) {
    return json(receiver.get(receiver.internalUri("/internal/deliveries/" + id)));
  }

  private static JsonNode json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
