package dev.hookgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.routing.ReceiverStatus;
import dev.hookgate.routing.RoutingJson;
import dev.hookgate.routing.RoutingTable;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real operator and the real receiver (its own JVM), joined only the way they are in a cluster: the operator
 * writes the routes Secret, a kubelet stand-in projects it into the receiver's file, the receiver reports what it
 * serves on its internal port. One endpoint's life: created, used, changed, rotated, deleted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorAndReceiverTest {

  private static final String NAMESPACE = "wiring";
  private static final String NAME = "github-ci";
  private static final Duration WAIT = Duration.ofSeconds(45);

  private static LocalStack stack;
  private static KubernetesClient client;
  private static final GitHubSender github = new GitHubSender();

  @BeforeAll
  static void startStack() throws Exception {
    stack = LocalStack.start(ReceiverProcess.locateJar(), LocalStack.Progress.SILENT);
    client = stack.kubernetes().client();
    stack.kubernetes().createNamespace(NAMESPACE);
    stack.kubernetes().applyClasspath("/examples/github.yaml", NAMESPACE);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void endpointBecomesReadyWithItsRouteServedByTheReceiver() throws Exception {
    await().atMost(WAIT).until(() -> "True".equals(HookgateDemo.condition(endpoint(), "Ready").get("status")));

    Map<String, Object> status = HookgateDemo.status(endpoint());
    String slug = (String) status.get("slug");
    assertThat(slug).hasSizeGreaterThanOrEqualTo(20).doesNotContain(NAMESPACE).doesNotContain(NAME);
    assertThat(status.get("url")).isEqualTo(stack.receiver().publicUri() + "/h/" + slug);
    assertThat(HookgateDemo.condition(endpoint(), "ReceiverConfigured").get("status")).isEqualTo("True");

    // What the operator wrote is what the receiver loaded: the same route, from the routes file.
    RoutingTable written = routesSecretTable();
    assertThat(written.routeFor(NAMESPACE, NAME)).get().extracting(route -> route.slug()).isEqualTo(slug);
    assertThat(Files.readAllBytes(routesFile())).isEqualTo(routesSecretBytes());
    assertThat(receiverStatus().routes()).anySatisfy(route -> assertThat(route.slug()).isEqualTo(slug));
  }

  @Test
  @Order(2)
  void signedDeliveryReachesTheTargetAndAForgeryDoesNot() throws Exception {
    byte[] body = "{\"ref\":\"refs/heads/main\",\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
    int before = stack.target().received().size();

    HttpResponse<String> forged = github.send(url(), "push", body, "wrong-secret");
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(stack.target().received()).hasSize(before);

    HttpResponse<String> genuine = github.send(url(), "push", body, secret());
    assertThat(genuine.statusCode()).isEqualTo(202);
    await().atMost(WAIT).until(() -> stack.target().received().size() == before + 1);
    List<SampleTarget.ReceivedRequest> received = stack.target().received();
    SampleTarget.ReceivedRequest delivered = received.get(received.size() - 1);
    assertThat(delivered.body()).isEqualTo(body);
    assertThat(delivered.path()).isEqualTo("/github");
    assertThat(delivered.headers())
        .containsEntry("x-github-event", "push")
        .containsEntry("x-hookgate-endpoint", NAMESPACE + "/" + NAME)
        .containsEntry("x-hookgate-event-type", "push")
        .containsKey("x-hub-signature-256");
  }

  @Test
  @Order(3)
  void specChangeIsObservedAndServedByTheReceiver() throws Exception {
    long generationBefore = endpoint().getMetadata().getGeneration();
    endpointResource().edit(endpoint -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) endpoint.getAdditionalProperties().get("spec");
      spec.put("events", List.of("pull_request"));
      return endpoint;
    });

    await().atMost(WAIT).untilAsserted(() -> {
      GenericKubernetesResource endpoint = endpoint();
      long generation = endpoint.getMetadata().getGeneration();
      assertThat(generation).isGreaterThan(generationBefore);
      assertThat(((Number) HookgateDemo.status(endpoint).get("observedGeneration")).longValue()).isEqualTo(generation);
      assertThat(HookgateDemo.condition(endpoint, "Ready").get("status")).isEqualTo("True");
      assertThat(receiverStatus().routes())
          .anySatisfy(route -> assertThat(route.endpoint().generation()).isEqualTo(generation));
    });

    int before = stack.target().received().size();
    byte[] body = "{\"ref\":\"refs/heads/feature\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(github.send(url(), "push", body, secret()).statusCode()).isEqualTo(202);
    assertThat(github.send(url(), "pull_request", body, secret()).statusCode()).isEqualTo(202);
    await().atMost(WAIT).until(() -> stack.target().received().size() == before + 1);
    assertThat(stack.target().received().get(before).headers()).containsEntry("x-github-event", "pull_request");
  }

  @Test
  @Order(4)
  void changingTheSigningSecretReachesTheReceiverWithoutAnyChangeToTheEndpoint() throws Exception {
    String rotated = "rotated-" + secret();
    client.secrets().inNamespace(NAMESPACE).withName("github-webhook-secret").edit(secret -> new SecretBuilder(secret)
        .withData(Map.of("secret", Base64.getEncoder().encodeToString(rotated.getBytes(StandardCharsets.UTF_8))))
        .build());
    byte[] body = "{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8);

    await().atMost(WAIT).until(() -> github.send(url(), "pull_request", body, rotated).statusCode() == 202);
    assertThat(secret()).isEqualTo(rotated);
  }

  @Test
  @Order(5)
  void deletingTheEndpointRemovesItsRouteAndTheReceiverStopsServingIt() throws Exception {
    URI url = url();
    endpointResource().delete();

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(endpoint()).isNull();
      assertThat(routesSecretTable().routeFor(NAMESPACE, NAME)).isEmpty();
    });
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    await().atMost(WAIT).until(() -> github.send(url, "push", body, secret()).statusCode() == 404);
    assertThat(client.network().v1().ingresses().inNamespace(LocalStack.RECEIVER_NAMESPACE).list().getItems())
        .noneMatch(ingress -> NAME.equals(ingress.getMetadata().getLabels().get("hookgate.dev/endpoint-name")));
  }

  private static Resource<GenericKubernetesResource> endpointResource() {
    return client.genericKubernetesResources("hookgate.dev/v1alpha1", "WebhookEndpoint")
        .inNamespace(NAMESPACE).withName(NAME);
  }

  private static GenericKubernetesResource endpoint() {
    return endpointResource().get();
  }

  private static URI url() {
    return URI.create((String) HookgateDemo.status(endpoint()).get("url"));
  }

  private static String secret() {
    Secret secret = client.secrets().inNamespace(NAMESPACE).withName("github-webhook-secret").get();
    return new String(Base64.getDecoder().decode(secret.getData().get("secret")), StandardCharsets.UTF_8);
  }

  private static byte[] routesSecretBytes() {
    Secret routes = client.secrets().inNamespace(LocalStack.RECEIVER_NAMESPACE).withName(LocalStack.ROUTES_SECRET).get();
    return Base64.getDecoder().decode(routes.getData().get(RoutingTable.SECRET_KEY));
  }

  private static RoutingTable routesSecretTable() {
    return RoutingJson.readTable(routesSecretBytes());
  }

  private static java.nio.file.Path routesFile() {
    return stack.projectorDirectory().resolve(RoutingTable.SECRET_KEY);
  }

  private static ReceiverStatus receiverStatus() throws Exception {
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(stack.receiver().internalUri().resolve("/internal/routes")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return RoutingJson.readStatus(response.body());
  }
}
