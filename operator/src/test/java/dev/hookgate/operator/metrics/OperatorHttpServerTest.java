package dev.hookgate.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.operator.HookgateOperator;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's /metrics and probes over real HTTP, with the real operator reconciling on the mock API server. */
@EnableKubernetesMockClient(crud = true)
class OperatorHttpServerTest {

  KubernetesClient client;

  private HookgateOperator operator;
  private OperatorHttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    client.apiextensions().v1().customResourceDefinitions()
        .load(Path.of("target/classes/META-INF/fabric8/webhookendpoints.hookgate.dev-v1.yml").toFile())
        .create();
    operator = HookgateOperator.start(client, OperatorSettings.builder().serverSideApply(false)
        .receiverStatefulSet("hookgate-receiver").build());
    server = new OperatorHttpServer(0, operator::endpoints, operator::started, operator.meters());
  }

  @AfterEach
  void stop() {
    server.close();
    operator.close();
  }

  @Test
  void metricsReportEachEndpointsConditionsFromTheCache() throws Exception {
    client.resources(WebhookEndpoint.class).inNamespace("shop").resource(new KubernetesSerialization().unmarshal("""
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: payments, namespace: shop}
        spec:
          provider: {type: github}
          signingSecretRef: {name: missing-secret, key: token}
          target: {service: {name: billing, port: 8080}}
        """, WebhookEndpoint.class)).create();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/metrics").body()).contains(
        "hookgate_operator_webhookendpoint_condition{namespace=\"shop\",name=\"payments\",type=\"Ready\","
            + "status=\"False\",reason=\"SecretNotFound\"} 1"));
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> type.startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("# TYPE hookgate_operator_webhookendpoint_condition gauge")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void metricsCountTheReceiverVolumesNoPodUsesAndTheOperatorMakesTheirDrainJobs() throws Exception {
    client.apps().statefulSets().inNamespace("hookgate-system").resource(new KubernetesSerialization().unmarshal(
        Files.readString(Path.of("../deploy/receiver/statefulset.yaml")), StatefulSet.class)).create();
    for (int ordinal = 0; ordinal < 4; ordinal++) { // deploy/ runs 2 replicas: 2 and 3 are left behind
      client.persistentVolumeClaims().inNamespace("hookgate-system").resource(new PersistentVolumeClaimBuilder()
          .withNewMetadata().withName("store-hookgate-receiver-" + ordinal).endMetadata().build()).create();
    }

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(client.batch().v1().jobs().inNamespace("hookgate-system").list().getItems())
          .extracting(job -> job.getMetadata().getName())
          .containsExactlyInAnyOrder("store-hookgate-receiver-2-drain", "store-hookgate-receiver-3-drain");
      assertThat(get("/metrics").body())
          .contains("hookgate_operator_receiver_volumes_left_behind{state=\"draining\"} 2.0")
          .contains("hookgate_operator_receiver_volumes_left_behind{state=\"failed\"} 0.0");
    });

    // the StatefulSet is deleted (its Jobs would go with it): nothing drains its volumes now
    client.apps().statefulSets().inNamespace("hookgate-system").withName("hookgate-receiver").delete();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/metrics").body())
        .contains("hookgate_operator_receiver_volumes_left_behind{state=\"draining\"} 0.0")
        .contains("hookgate_operator_receiver_volumes_left_behind{state=\"waiting\"} 2.0"));
  }

  @Test
  void probesAnswerOkOnceTheOperatorRunsAndNothingButGetIsServed() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void escapesLabelValues() {
    assertThat(EndpointConditionMetrics.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
