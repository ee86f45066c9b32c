package dev.hookgate.receiver.http;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything around verification over real HTTP: source ranges, client address behind a trusted proxy,
 * rejection limiting, duplicates, the CEL filter and the counters. The test client is 127.0.0.1, configured as a
 * trusted proxy, so {@code X-Forwarded-For} says which client a request comes from.
 */
class PipelineHttpTest {

  private static final String SECRET = "gh-secret";

  @TempDir static Path dir;
  private static StubTarget target;
  private static RunningReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    target = new StubTarget();
    List<Route> routes = List.of(
        TestRoutes.route("gh", ProviderType.GITHUB, SECRET, target.url("/ok")),
        TestRoutes.withSourceRanges(
            TestRoutes.route("gh-ranged", ProviderType.GITHUB, SECRET, target.url("/ok")), "203.0.113.0/24"),
        TestRoutes.route("gh-flaky", ProviderType.GITHUB, SECRET, target.url("/flaky")),
        TestRoutes.withFilter(
            TestRoutes.route("gh-cel", ProviderType.GITHUB, SECRET, target.url("/ok")), "body.action == 'opened'"));
    Path file = TestRoutes.writeTable(dir, routes);
    receiver = new RunningReceiver(file, Map.of(
        "hookgate.trusted-proxies", "127.0.0.1/32",
        "hookgate.rejections.per-minute", 1,
        "hookgate.rejections.burst", 3));
  }

  @AfterAll
  static void stop() {
    receiver.close();
    target.close();
  }

  @BeforeEach
  void forgetEarlierRequests() {
    target.received().clear();
  }

  @Test
  void aRouteWithSourceRangesRefusesOtherAddressesBeforeVerifying() {
    byte[] body = utf8("{}");

    HttpResponse<String> fromLoopback = receiver.post("gh-ranged", gitHub(body, "push", newId(), null), body);
    HttpResponse<String> unsigned = receiver.post("gh-ranged", Map.of("Content-Type", "application/json"), body);

    assertThat(fromLoopback.statusCode()).isEqualTo(403);
    assertThat(fromLoopback.body()).isEqualTo("source address not allowed");
    assertThat(unsigned.statusCode()).as("refused before the signature is looked at").isEqualTo(403);
    assertThat(target.received()).isEmpty();
  }

  @Test
  void behindATrustedProxyTheForwardedClientAddressIsChecked() {
    byte[] body = utf8("{}");

    HttpResponse<String> inRange = receiver.post("gh-ranged", gitHub(body, "push", newId(), "203.0.113.7"), body);
    HttpResponse<String> outOfRange =
        receiver.post("gh-ranged", gitHub(body, "push", newId(), "203.0.113.7, 198.51.100.3"), body);

    assertThat(inRange.statusCode()).isEqualTo(202);
    assertThat(inRange.body()).isEqualTo("accepted");
    assertThat(outOfRange.statusCode()).as("the rightmost untrusted hop is the client").isEqualTo(403);
    target.next();
    assertThat(target.received()).isEmpty();
  }

  @Test
  void aDuplicateGitHubDeliveryIsAnsweredButForwardedOnce() {
    byte[] body = utf8("{\"ref\":\"main\"}");
    Map<String, String> headers = gitHub(body, "push", newId(), null);
    long deduplicatedBefore = counter("deduplicated");

    HttpResponse<String> first = receiver.post("gh", headers, body);
    HttpResponse<String> second = receiver.post("gh", headers, body);

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.body()).isEqualTo("accepted");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo("duplicate");
    assertThat(counter("deduplicated")).isEqualTo(deduplicatedBefore + 1);
    target.next();
    HttpResponse<String> afterDelivery = receiver.post("gh", headers, body);
    assertThat(afterDelivery.body()).as("still a duplicate once delivered").isEqualTo("duplicate");
    assertThat(target.received()).isEmpty();
  }

  @Test
  void aDeliveryTheTargetFailedIsRetriedByUsNotByTheProvider() {
    byte[] body = utf8("{\"ref\":\"main\"}");
    Map<String, String> headers = gitHub(body, "push", newId(), null);
    target.failFlaky(1);

    HttpResponse<String> first = receiver.post("gh-flaky", headers, body);
    StubTarget.Received failed = target.next();
    HttpResponse<String> providerRetry = receiver.post("gh-flaky", headers, body);
    StubTarget.Received retried = target.next();

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(providerRetry.body()).as("the store has it: not stored twice").isEqualTo("duplicate");
    assertThat(failed.header("X-Hookgate-Attempt")).isEqualTo("1");
    assertThat(retried.header("X-Hookgate-Attempt")).isEqualTo("2");
    assertThat(retried.body()).isEqualTo(body);
    assertThat(target.received()).isEmpty();
  }

  @Test
  void theCelFilterPassesMatchingDeliveriesAndFiltersTheRest() {
    byte[] opened = utf8("{\"action\":\"opened\"}");
    byte[] closed = utf8("{\"action\":\"closed\"}");
    byte[] noAction = utf8("{\"zen\":\"hi\"}");
    long notEvaluableBefore = counter("filter_not_evaluable");

    HttpResponse<String> openedAnswer = receiver.post("gh-cel", gitHub(opened, "issues", newId(), null), opened);
    HttpResponse<String> closedAnswer = receiver.post("gh-cel", gitHub(closed, "issues", newId(), null), closed);
    HttpResponse<String> noActionAnswer =
        receiver.post("gh-cel", gitHub(noAction, "ping", newId(), null), noAction);

    assertThat(openedAnswer.statusCode()).isEqualTo(202);
    assertThat(openedAnswer.body()).isEqualTo("accepted");
    assertThat(closedAnswer.statusCode()).isEqualTo(202);
    assertThat(closedAnswer.body()).isEqualTo("filtered");
    assertThat(noActionAnswer.statusCode()).as("a field the body lacks does not match").isEqualTo(202);
    assertThat(counter("filter_not_evaluable")).isEqualTo(notEvaluableBefore + 1);
    assertThat(target.next().body()).isEqualTo(opened);
    assertThat(target.received()).isEmpty();
  }

  @Test
  void anAddressThatKeepsFailingVerificationIsRefusedCheaplyWhileOthersAreServed() {
    byte[] body = utf8("{}");
    String forger = "198.51.100.66";
    Map<String, String> forged = new HashMap<>(gitHub(body, "push", newId(), forger));
    forged.put("X-Hub-Signature-256", Signatures.gitHub("guessed", body));

    for (int i = 0; i < 3; i++) {
      assertThat(receiver.post("gh", forged, body).statusCode()).as("forged attempt %d", i).isEqualTo(401);
    }
    HttpResponse<String> limited = receiver.post("gh", forged, body);
    HttpResponse<String> genuineFromForger = receiver.post("gh", gitHub(body, "push", newId(), forger), body);

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body()).isEqualTo("too many rejected requests");
    assertThat(limited.headers().firstValue("Retry-After")).contains("60");
    assertThat(genuineFromForger.statusCode()).as("refused before verification").isEqualTo(429);
    for (int i = 0; i < 5; i++) {
      assertThat(receiver.post("gh", gitHub(body, "push", newId(), "198.51.100.67"), body).statusCode())
          .as("genuine delivery %d from another address, more than the burst", i).isEqualTo(202);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> target.received().size() == 5);
  }

  @Test
  void countersAreServedOnTheInternalPortOnly() {
    HttpResponse<String> counters = receiver.get(receiver.internalUri("/internal/counters"));

    assertThat(counters.statusCode()).isEqualTo(200);
    assertThat(counters.body()).contains("\"received\":").contains("\"rejected_signature\":")
        .contains("\"deduplicated\":").contains("\"filtered_expression\":").contains("\"accepted\":")
        .contains("\"store_unavailable\":");
    assertThat(receiver.get(receiver.publicUri("/internal/counters")).statusCode()).isEqualTo(404);
  }

  private static long counter(String name) {
    String json = receiver.get(receiver.internalUri("/internal/counters")).body();
    try {
      return new ObjectMapper().readTree(json).get(name).asLong();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> gitHub(byte[] body, String event, String deliveryId, String forwardedFor) {
    Map<String, String> headers = new HashMap<>(Map.of(
        "Content-Type", "application/json",
        "X-Hub-Signature-256", Signatures.gitHub(SECRET, body),
        "X-GitHub-Event", event,
        "X-GitHub-Hook-ID", "42",
        "X-GitHub-Delivery", deliveryId));
    if (forwardedFor != null) {
      headers.put("X-Forwarded-For", forwardedFor);
    }
    return headers;
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}
