package dev.hookgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.demo.GitHubSender;
import dev.hookgate.demo.ReceiverProcess;
import dev.hookgate.demo.SampleTarget;
import dev.hookgate.demo.SecretVolumeProjector;
import dev.hookgate.operator.HookgateOperator;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.dependent.ManagedLabels;
import dev.hookgate.routing.RoutingJson;
import dev.hookgate.routing.RoutingTable;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole path on a real control plane: the operator runs in this JVM as its ServiceAccount (a bound token,
 * authorized only by the ClusterRole and Role from deploy/, writing with server-side apply), the receiver runs
 * in its own JVM fed the routes Secret the way kubelet projects it, and users drive everything with kubectl.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorOnRealClusterTest {

  private static final String NAMESPACE = "shop";
  private static final String ROUTES_SECRET = "hookgate-routes";
  private static final String GITHUB_SECRET = "replace-me-with-a-long-random-string"; // deploy/examples/github.yaml
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static ControlPlane cluster;
  private static Kubectl kubectl;
  private static Path workDir;
  private static SampleTarget target;
  private static ReceiverProcess receiver;
  private static SecretVolumeProjector projector;
  private static String operatorToken;
  private static KubernetesClient operatorClient;
  private static HookgateOperator operator;
  /** Every request the operator sent to the API server: method and URI, decoded. */
  private static final Queue<String> operatorRequests = new ConcurrentLinkedQueue<>();
  private static final String LEADER = "e2e-operator";

  @BeforeAll
  static void start() throws Exception {
    cluster = ControlPlane.shared();
    kubectl = cluster.kubectl();
    cluster.installDeploy().orFail();
    cluster.createNamespace(NAMESPACE);

    workDir = Files.createTempDirectory(cluster.workDir(), "operator-");
    Path routesDir = workDir.resolve("routes");
    Files.createDirectories(routesDir);
    target = SampleTarget.start();
    receiver = ReceiverProcess.start(ReceiverProcess.locateJar(), routesDir.resolve(RoutingTable.SECRET_KEY), workDir);
    // kubelet's part, with kubelet's own (here: admin) credentials; the receiver itself gets none.
    projector = SecretVolumeProjector.start(cluster.admin(), ControlPlane.SYSTEM_NAMESPACE, ROUTES_SECRET, routesDir);

    operatorToken = cluster.serviceAccountToken(ControlPlane.SYSTEM_NAMESPACE, ControlPlane.OPERATOR_SERVICE_ACCOUNT);
    operatorClient = cluster.clientWithToken(operatorToken, ControlPlane.SYSTEM_NAMESPACE,
        http -> http.addOrReplaceInterceptor("record", new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            operatorRequests.add(request.method() + " " + URLDecoder.decode(request.uri().toString(),
                StandardCharsets.UTF_8));
          }
        }));
    OperatorSettings settings = OperatorSettings.builder()
        .receiverNamespace(ControlPlane.SYSTEM_NAMESPACE)
        .routesSecretName(ROUTES_SECRET)
        // A DNS name, not 127.0.0.1: the API server refuses an IP address as an Ingress host.
        .publicBaseUrl("http://localhost:" + receiver.publicUri().getPort())
        .receiverStatusUrls(List.of(receiver.internalUri()))
        .targetUrlTemplate("http://127.0.0.1:" + target.port() + "{path}")
        .serverSideApply(true)
        // As deployed: only the Lease holder reconciles (this also proves the RBAC for the Lease).
        .leaderElection(true)
        .leaderIdentity(LEADER)
        .build();
    operator = HookgateOperator.start(operatorClient, settings);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable part : new AutoCloseable[] {operator, operatorClient, projector, receiver, target}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
  }

  @Test
  @Order(1)
  void operatorTokenIsItsServiceAccountAndNothingMore() {
    Kubectl asOperator = cluster.kubectlWithToken(operatorToken);

    assertThat(asOperator.run("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").orFail().stdout())
        .isEqualTo(ControlPlane.OPERATOR_USER);
    Kubectl.Result forbidden = asOperator.run("get", "deployments", "-n", ControlPlane.SYSTEM_NAMESPACE);
    assertThat(forbidden.exitCode()).isNotZero();
    assertThat(forbidden.stderr()).contains("Forbidden").contains(ControlPlane.OPERATOR_USER);
  }

  @Test
  @Order(2)
  void githubExampleBecomesReadyThroughKubectl() {
    Path example = cluster.repository().resolve("deploy/examples/github.yaml");
    kubectl.run("create", "service", "clusterip", "ci-events", "--tcp=8080:8080", "-n", NAMESPACE).orFail();

    Kubectl.Result applied = kubectl.run("apply", "-n", NAMESPACE, "-f", example.toString()).orFail();
    assertThat(applied.stdout())
        .contains("secret/github-webhook-secret created")
        .contains("webhookendpoint.hookgate.dev/github-ci created");

    Kubectl.Result waited = kubectl.run(null, Duration.ofSeconds(90),
        "wait", "-n", NAMESPACE, "--for=condition=Ready", "whe/github-ci", "--timeout=60s");
    assertThat(waited.exitCode()).as(waited + "\nreceiver log:\n" + receiverLog()).isZero();
    assertThat(waited.stdout()).contains("webhookendpoint.hookgate.dev/github-ci condition met");
  }

  @Test
  @Order(3)
  void kubectlGetShowsTheEndpointColumns() {
    Kubectl.Result get = kubectl.run("get", "whe", "-n", NAMESPACE).orFail();

    List<String> lines = get.stdout().lines().toList();
    assertThat(Arrays.asList(lines.get(0).trim().split("\\s{2,}")))
        .containsExactly("NAME", "PROVIDER", "READY", "URL", "LAST EVENT", "AGE");
    String row = lines.stream().filter(line -> line.startsWith("github-ci ")).findFirst().orElseThrow();
    assertThat(row.split("\\s+")).startsWith("github-ci", "github", "True",
        "http://localhost:" + receiver.publicUri().getPort() + "/h/" + slug("github-ci"));

    List<String> wide = kubectl.run("get", "whe", "-n", NAMESPACE, "-o", "wide").orFail().stdout().lines().toList();
    assertThat(Arrays.asList(wide.get(0).trim().split("\\s{2,}")))
        .containsExactly("NAME", "PROVIDER", "READY", "URL", "LAST EVENT", "PENDING", "DEAD LETTERS", "AGE");
  }

  @Test
  @Order(4)
  void kubectlDescribeShowsTheEvents() {
    Kubectl.Result described = kubectl.run("describe", "whe", "github-ci", "-n", NAMESPACE).orFail();

    String events = described.stdout().substring(described.stdout().indexOf("Events:"));
    assertThat(events).doesNotContain("<none>").contains("Ready").contains("hookgate");
  }

  @Test
  @Order(5)
  void signedDeliveryTravelsFromReceiverToTarget() throws Exception {
    String slug = slug("github-ci");
    // What the operator wrote (as its ServiceAccount) is what the kubelet stand-in projected for the receiver.
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(Files.readAllBytes(workDir.resolve("routes").resolve(RoutingTable.SECRET_KEY)))
            .isEqualTo(routesSecretBytes()));
    assertThat(routesTable().routeFor(NAMESPACE, "github-ci")).get().extracting(route -> route.slug()).isEqualTo(slug);

    byte[] body = "{\"ref\":\"refs/heads/main\",\"zen\":\"Design for failure.\"}".getBytes(StandardCharsets.UTF_8);
    URI url = URI.create(status("github-ci", "{.status.url}"));
    GitHubSender github = new GitHubSender();
    int before = target.received().size();

    HttpResponse<String> forged = github.send(url, "push", body, "not-the-secret");
    assertThat(forged.statusCode()).isEqualTo(401);
    HttpResponse<String> genuine = github.send(url, "push", body, GITHUB_SECRET);
    assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(202);

    await().atMost(WAIT).until(() -> target.received().size() > before);
    SampleTarget.ReceivedRequest delivered = target.received().get(target.received().size() - 1);
    assertThat(delivered.body()).isEqualTo(body);
    assertThat(delivered.path()).isEqualTo("/github");
    assertThat(delivered.headers())
        .containsEntry("x-github-event", "push")
        .containsEntry("x-hookgate-endpoint", NAMESPACE + "/github-ci");
    assertThat(target.received()).hasSize(before + 1);
  }

  @Test
  @Order(6)
  void serverSideApplyOfAnEndpointByKubectl() {
    kubectl.run("create", "secret", "generic", "inventory-webhook-secret", "-n", NAMESPACE,
        "--from-literal=secret=s3cr3t-s3cr3t-s3cr3t").orFail();
    String manifest = """
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata:
          name: inventory
        spec:
          provider:
            type: generic
            generic: {signatureHeader: X-Signature, algorithm: sha256, encoding: hex}
          signingSecretRef: {name: inventory-webhook-secret, key: secret}
          target:
            service: {name: inventory, port: 80}
            path: /events
        """;

    Kubectl.Result applied = kubectl.runWithInput(manifest,
        "apply", "--server-side", "--field-manager=platform-team", "-n", NAMESPACE, "-f", "-").orFail();
    assertThat(applied.stdout()).contains("webhookendpoint.hookgate.dev/inventory serverside-applied");

    awaitReady("inventory");
    String managers = kubectl.run("get", "whe", "inventory", "-n", NAMESPACE, "--show-managed-fields",
        "-o", "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation}/{.subresource}{\"\\n\"}{end}")
        .orFail().stdout();
    // The user's apply owns the spec; the operator's writes are its own field manager's, status on /status.
    assertThat(managers.lines().toList()).contains("platform-team/Apply/").anyMatch(line -> line.endsWith("/status"));

    // Re-applying the same manifest is a no-op for the user and keeps the endpoint Ready.
    kubectl.runWithInput(manifest,
        "apply", "--server-side", "--field-manager=platform-team", "-n", NAMESPACE, "-f", "-").orFail();
    assertThat(status("inventory", "{.status.conditions[?(@.type==\"Ready\")].status}")).isEqualTo("True");
  }

  @Test
  @Order(7)
  void secretCreatedAfterTheEndpointTurnsSecretNotFoundIntoReady() {
    String manifest = """
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata:
          name: late
        spec:
          provider: {type: github, github: {}}
          signingSecretRef: {name: late-secret, key: secret}
          target:
            service: {name: ci-events, port: 8080}
            path: /late
        """;
    kubectl.runWithInput(manifest, "apply", "-n", NAMESPACE, "-f", "-").orFail();

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(status("late", "{.status.conditions[?(@.type==\"Ready\")].status}")).isEqualTo("False");
      assertThat(status("late", "{.status.conditions[?(@.type==\"Ready\")].reason}")).isEqualTo("SecretNotFound");
    });
    assertThat(status("late", "{.status.conditions[?(@.type==\"Ready\")].message}")).contains("late-secret");

    kubectl.run("create", "secret", "generic", "late-secret", "-n", NAMESPACE,
        "--from-literal=secret=arrived-later-than-the-endpoint").orFail();

    awaitReady("late");
  }

  @Test
  @Order(8)
  void secretsOfTypesThatCannotHoldASigningSecretAreNeitherListedNorWatched() {
    // Helm keeps each release revision in a Secret of this type (up to 1 MiB each).
    kubectl.runWithInput("""
        apiVersion: v1
        kind: Secret
        metadata: {name: helm-release}
        type: helm.sh/release.v1
        stringData: {secret: in-a-helm-release}
        """, "apply", "-n", NAMESPACE, "-f", "-").orFail();
    kubectl.runWithInput("""
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata:
          name: helm-typed
        spec:
          provider: {type: github, github: {}}
          signingSecretRef: {name: helm-release, key: secret}
          target:
            service: {name: ci-events, port: 8080}
        """, "apply", "-n", NAMESPACE, "-f", "-").orFail();

    // The API server never sent that Secret to the operator, so it is not there for the endpoint; the condition
    // says why, so that a Secret kubectl shows does not simply read "not found".
    await().atMost(WAIT).untilAsserted(() -> assertThat(
        status("helm-typed", "{.status.conditions[?(@.type==\"Ready\")].reason}")).isEqualTo("SecretNotFound"));
    assertThat(status("helm-typed", "{.status.conditions[?(@.type==\"SecretResolved\")].message}"))
        .isEqualTo("Secret " + NAMESPACE + "/helm-release has type helm.sh/release.v1, which hookgate does not read:"
            + " put the signing secret in an Opaque Secret");
    List<String> secretCollectionReads = operatorRequests.stream()
        .filter(request -> request.startsWith("GET ") && request.contains("/secrets?"))
        .filter(request -> request.contains("labelSelector=" + ManagedLabels.NOT_ROUTES_TABLE))
        .toList();
    assertThat(secretCollectionReads).as("the operator's lists and watches of signing and credentials Secrets")
        .isNotEmpty()
        .allSatisfy(request -> assertThat(request)
            .contains("type!=helm.sh/release.v1")
            .contains("type!=kubernetes.io/tls")
            .contains("type!=kubernetes.io/service-account-token"));
    assertThat(secretCollectionReads).anySatisfy(request -> assertThat(request).contains("watch=true"));

    kubectl.run("delete", "-n", NAMESPACE, "webhookendpoint/helm-typed", "secret/helm-release").orFail();
  }

  @Test
  @Order(9)
  void withoutASigningSecretRefTheOperatorGeneratesAnOwnedSecretAndHoldsTheLease() {
    String manifest = """
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata:
          name: generated
        spec:
          provider: {type: github, github: {}}
          target:
            service: {name: ci-events, port: 8080}
            path: /generated
        """;
    kubectl.runWithInput(manifest, "apply", "-n", NAMESPACE, "-f", "-").orFail();

    awaitReady("generated");
    Secret generated = cluster.admin().secrets().inNamespace(NAMESPACE).withName("generated-signing").get();
    assertThat(generated.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(status("generated", "{.metadata.uid}")));
    String value = new String(Base64.getDecoder().decode(generated.getData().get("secret")));
    assertThat(value).matches("[0-9a-f]{64}");
    assertThat(routesTable().routeFor(NAMESPACE, "generated").orElseThrow().signingSecrets())
        .extracting(secret -> secret.value()).containsExactly(value);
    assertThat(status("generated", "{.status.conditions[?(@.type==\"ProviderRegistered\")].message}"))
        .contains("generated-signing").doesNotContain(value);
    var lease = cluster.admin().leases().inNamespace(ControlPlane.SYSTEM_NAMESPACE).withName(OperatorSettings.LEASE_NAME);
    assertThat(lease.get().getSpec().getHolderIdentity()).isEqualTo(LEADER);
    // The holder renews it (a patch: the Role must allow that too, or the operator loses the Lease and exits).
    var renewed = lease.get().getSpec().getRenewTime();
    await().atMost(WAIT).until(() -> !renewed.equals(lease.get().getSpec().getRenewTime()));
    assertThat(lease.get().getSpec().getHolderIdentity()).isEqualTo(LEADER);
  }

  @Test
  @Order(10)
  void aDeadLetterIsReplayedOnTheReceiversByAnnotatingTheEndpoint() throws Exception {
    kubectl.run("create", "secret", "generic", "orders-secret", "-n", NAMESPACE,
        "--from-literal=secret=orders-s3cr3t-value").orFail();
    String manifest = """
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata:
          name: orders
        spec:
          provider: {type: github, github: {}}
          signingSecretRef: {name: orders-secret, key: secret}
          target:
            service: {name: ci-events, port: 8080}
            path: /orders
        """;
    kubectl.runWithInput(manifest, "apply", "-n", NAMESPACE, "-f", "-").orFail();
    awaitReady("orders");
    // The target says 410 Gone: the receiver dead-letters the delivery (and stops the endpoint's deliveries).
    target.answer("/orders", 410);
    byte[] body = "{\"action\":\"completed\",\"order\":42}".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> accepted = new GitHubSender()
        .send(URI.create(status("orders", "{.status.url}")), "push", body, "orders-s3cr3t-value");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    await().atMost(WAIT).untilAsserted(() -> assertThat(ReceiverAdmin.deadLetters(receiver, "shop/orders"))
        .contains("\"state\" : \"DEAD_LETTERED\"").contains("the target answered 410 Gone"));

    target.answer("/orders", 200);
    kubectl.run("annotate", "whe", "orders", "-n", NAMESPACE, "hookgate.dev/replay=2026-11-22T12:00:00Z").orFail();

    await().atMost(WAIT).untilAsserted(() -> assertThat(target.received())
        .filteredOn(request -> request.path().equals("/orders"))
        .singleElement()
        .satisfies(request -> assertThat(request.body()).isEqualTo(body)));
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(status("orders", "{.status.replay.requested}")).isEqualTo("2026-11-22T12:00:00Z");
      assertThat(status("orders", "{.status.replay.replayed}")).isEqualTo("1");
      assertThat(status("orders", "{.status.replay.receivers}")).isEqualTo("1");
    });
    assertThat(ReceiverAdmin.deadLetters(receiver, "shop/orders")).isEqualToIgnoringWhitespace("[]");
    String events = kubectl.run("get", "events", "-n", NAMESPACE, "--field-selector", "involvedObject.name=orders",
        "-o", "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}").orFail().stdout();
    assertThat(events).contains("Replayed: Replayed 1 dead letter(s) on 1 receiver(s)");
  }

  @Test
  @Order(11)
  void deletionRemovesRouteAndIngressThenTheObject() {
    String slug = slug("github-ci");
    List<Ingress> ingresses = ingressesOf("github-ci");
    assertThat(ingresses).hasSize(1);
    assertThat(ingresses.get(0).getSpec().getRules().get(0).getHost()).isEqualTo("localhost");
    assertThat(routesTable().routeFor(NAMESPACE, "github-ci")).isPresent();
    assertThat(status("github-ci", "{.metadata.finalizers}")).isNotEmpty();

    kubectl.run(null, Duration.ofSeconds(90), "delete", "whe", "github-ci", "-n", NAMESPACE, "--timeout=60s")
        .orFail();

    assertThat(kubectl.run("get", "whe", "github-ci", "-n", NAMESPACE).stderr()).contains("NotFound");
    assertThat(routesTable().routeFor(NAMESPACE, "github-ci")).isEmpty();
    assertThat(routesTable().routes()).noneMatch(route -> route.slug().equals(slug));
    assertThat(ingressesOf("github-ci")).isEmpty();
    // The other endpoints are untouched.
    assertThat(routesTable().routeFor(NAMESPACE, "inventory")).isPresent();
  }

  /** {@code kubectl wait --for=condition=Ready} on the endpoint, which must succeed within a minute. */
  private static void awaitReady(String name) {
    kubectl.run(null, Duration.ofSeconds(90),
        "wait", "-n", NAMESPACE, "--for=condition=Ready", "whe/" + name, "--timeout=60s").orFail();
  }

  private static String status(String name, String jsonPath) {
    return kubectl.run("get", "whe", name, "-n", NAMESPACE, "-o", "jsonpath=" + jsonPath).orFail().stdout();
  }

  private static String slug(String name) {
    return status(name, "{.status.slug}");
  }

  private static byte[] routesSecretBytes() {
    Secret secret = cluster.admin().secrets().inNamespace(ControlPlane.SYSTEM_NAMESPACE).withName(ROUTES_SECRET).get();
    return Base64.getDecoder().decode(secret.getData().get(RoutingTable.SECRET_KEY));
  }

  private static RoutingTable routesTable() {
    return RoutingJson.readTable(routesSecretBytes());
  }

  private static List<Ingress> ingressesOf(String name) {
    return cluster.admin().network().v1().ingresses().inNamespace(ControlPlane.SYSTEM_NAMESPACE)
        .withLabel(ManagedLabels.ENDPOINT_NAMESPACE, NAMESPACE)
        .withLabel(ManagedLabels.ENDPOINT_NAME, name)
        .list().getItems();
  }

  private static String receiverLog() {
    try {
      return receiver.logTail();
    } catch (Exception e) {
      return "(" + e + ")";
    }
  }
}
