package dev.hookgate.receiver.http;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /internal/prometheus} over real HTTP: after one delivered, one forged and one unknown-slug request, the
 * scrape holds exactly those counts, the forwarding histogram, the routes gauges and the JVM meters; it is served
 * on the internal port only and never shows a secret.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsHttpTest {

  private static final String SECRET = "metrics-test-secret";

  @TempDir static Path dir;
  private static Path file;
  private static StubTarget target;
  private static RunningReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    target = new StubTarget();
    file = TestRoutes.writeTable(dir, List.of(
        TestRoutes.route("gh", ProviderType.GITHUB, SECRET, target.url("/ok")),
        TestRoutes.route("gh-other", ProviderType.GITHUB, SECRET, target.url("/ok"))));
    receiver = new RunningReceiver(file);
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.status().routes().size() == 2);
  }

  @AfterAll
  static void stop() {
    receiver.close();
    target.close();
  }

  @Test
  @Order(1)
  void aScrapeCountsEachOutcomeByEndpointAndTimesAcknowledgingAndDelivering() {
    byte[] body = utf8("{\"zen\":\"hi\"}");
    assertThat(receiver.post("gh", gitHub(SECRET, body), body).statusCode()).isEqualTo(202);
    assertThat(receiver.post("gh", gitHub("forged", body), body).statusCode()).isEqualTo(401);
    assertThat(receiver.post("no-such-slug", gitHub(SECRET, body), body).statusCode()).isEqualTo(404);
    target.next();
    await().atMost(Duration.ofSeconds(10)).until(() -> scrape().getOrDefault(
        "hookgate_receiver_delivered_total{webhook_endpoint=\"shop/gh\"}", 0.0) == 1.0);

    Map<String, Double> scrape = scrape();

    assertThat(scrape).containsEntry(
        "hookgate_receiver_requests_total{outcome=\"accepted\",webhook_endpoint=\"shop/gh\"}", 1.0);
    assertThat(scrape).containsEntry(
        "hookgate_receiver_requests_total{outcome=\"rejected_signature\",webhook_endpoint=\"shop/gh\"}", 1.0);
    assertThat(scrape).as("no route, no endpoint label value").containsEntry(
        "hookgate_receiver_requests_total{outcome=\"unknown_endpoint\",webhook_endpoint=\"\"}", 1.0);
    assertThat(scrape).as("every outcome is there from the start").containsEntry(
        "hookgate_receiver_requests_total{outcome=\"store_unavailable\",webhook_endpoint=\"\"}", 0.0);
    assertThat(scrape.keySet()).noneMatch(series -> series.contains("shop/gh-other"));

    assertThat(scrape).containsEntry("hookgate_receiver_received_total{webhook_endpoint=\"shop/gh\"}", 2.0);
    assertThat(scrape).containsEntry("hookgate_receiver_verified_total{webhook_endpoint=\"shop/gh\"}", 1.0);
    assertThat(scrape).containsEntry(
        "hookgate_receiver_rejected_total{reason=\"rejected_signature\",webhook_endpoint=\"shop/gh\"}", 1.0);
    String gh = "webhook_endpoint=\"shop/gh\"";
    assertThat(scrape).containsEntry("hookgate_receiver_ack_seconds_count{" + gh + "}", 1.0);
    assertThat(scrape.keySet()).as("a percentile histogram")
        .anyMatch(series -> series.startsWith("hookgate_receiver_ack_seconds_bucket{" + gh));
    assertThat(scrape).containsEntry("hookgate_receiver_delivery_seconds_count{" + gh + "}", 1.0);
    assertThat(scrape.get("hookgate_receiver_delivery_seconds_sum{" + gh + "}")).isPositive();
    assertThat(scrape).containsEntry("hookgate_receiver_queue_depth", 0.0);
    assertThat(scrape).containsEntry("hookgate_receiver_oldest_pending_age_seconds", 0.0);
    assertThat(scrape.get("hookgate_receiver_store_size_bytes")).isPositive();

    assertThat(scrape).containsEntry("hookgate_receiver_routes", 2.0);
    assertThat(scrape).containsEntry("hookgate_receiver_routes_load_errors", 0.0);
    assertThat(scrape.keySet()).anyMatch(series -> series.startsWith("jvm_memory_used_bytes{"));
    assertThat(scrape.keySet()).anyMatch(series -> series.startsWith("process_cpu_usage"));
  }

  @Test
  @Order(2)
  void theCountersEndpointShowsTheSameCountsSummedOverEndpoints() {
    Map<String, Double> scrape = scrape();
    Map<String, Long> counters = receiver.context().getBean(ReceiverCounters.class).snapshot();

    for (ReceiverCounters.Outcome outcome : ReceiverCounters.Outcome.values()) {
      double summed = scrape.entrySet().stream()
          .filter(series -> series.getKey().startsWith("hookgate_receiver_requests_total{")
              && series.getKey().contains("outcome=\"" + outcome.key() + "\""))
          .mapToDouble(Map.Entry::getValue).sum();
      assertThat(counters.get(outcome.key())).as(outcome.key()).isEqualTo(Math.round(summed));
    }
    assertThat(counters.get("received")).isEqualTo(3);
    assertThat(receiver.get(receiver.internalUri("/internal/counters")).body())
        .contains("\"received\":3").contains("\"accepted\":1").contains("\"rejected_signature\":1");
  }

  @Test
  @Order(3)
  void theScrapeIsOnTheInternalPortOnlyAndHoldsNoSecret() {
    assertThat(receiver.get(receiver.publicUri("/internal/prometheus")).statusCode()).isEqualTo(404);
    HttpResponse<String> scrape = receiver.get(receiver.internalUri("/internal/prometheus"));
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
        .startsWith("text/plain"));
    assertThat(scrape.body()).doesNotContain(SECRET).doesNotContain("/h/gh");
  }

  @Test
  @Order(4)
  void aRefusedRoutesFileSetsTheLoadErrorGaugeAndKeepsTheRoutesServed() throws Exception {
    Files.writeString(file, "{ not json");

    await().atMost(Duration.ofSeconds(10))
        .until(() -> scrape().get("hookgate_receiver_routes_load_errors") == 1.0);
    assertThat(scrape()).containsEntry("hookgate_receiver_routes", 2.0);
  }

  /** The scrape as series (name and labels as printed) to value; comments left out. */
  private static Map<String, Double> scrape() {
    HttpResponse<String> response = receiver.get(receiver.internalUri("/internal/prometheus"));
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : response.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return series;
  }

  private static Map<String, String> gitHub(String secret, byte[] body) {
    return Map.of(
        "Content-Type", "application/json",
        "X-Hub-Signature-256", Signatures.gitHub(secret, body),
        "X-GitHub-Event", "push",
        "X-GitHub-Hook-ID", "42",
        "X-GitHub-Delivery", java.util.UUID.randomUUID().toString());
  }
}
