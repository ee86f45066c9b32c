package dev.hookgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.operator.HookgateOperator;
import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.provider.fake.FakeGitHub;
import dev.hookgate.operator.provider.fake.FakeProviderServer.Reply;
import dev.hookgate.operator.routes.RoutesSecretBuilder;
import dev.hookgate.operator.testing.Endpoints;
import dev.hookgate.operator.testing.FakeReceiver;
import dev.hookgate.operator.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Provider registration end to end in the operator: the real operator against the Fabric8 mock API server, with a
 * fake GitHub REST API and a fake receiver on loopback.
 */
@EnableKubernetesMockClient(crud = true)
class ProviderRegistrationTest {

  private static final String NS = "shop";
  private static final String HOOKS = "/repos/acme/app/hooks";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RESYNC = Duration.ofSeconds(1);

  KubernetesClient client;
  KubernetesMockServer server;

  private final MutableClock clock = new MutableClock(Instant.now());
  private FakeGitHub github;
  private FakeReceiver receiver;
  private OperatorSettings settings;
  private HookgateOperator operator;
  private Endpoints endpoints;

  @BeforeEach
  void start() {
    client.apiextensions().v1().customResourceDefinitions()
        .load(Path.of("target/classes/META-INF/fabric8/webhookendpoints.hookgate.dev-v1.yml").toFile())
        .create();
    endpoints = new Endpoints(client, NS, TIMEOUT);
    github = new FakeGitHub(clock).acceptToken("ghp_good");
    receiver = new FakeReceiver(client, Instant.parse("2025-02-03T04:05:06Z"));
    settings = OperatorSettings.builder()
        .serverSideApply(false)
        .publicBaseUrl("https://hooks.example.com")
        .receiverStatusUrls(List.of(receiver.url()))
        .pendingRecheck(Duration.ofMillis(200))
        .resync(Duration.ofMillis(200))
        .providerResync(RESYNC)
        .providerBackoff(Duration.ofMillis(300))
        .build();
    client.secrets().inNamespace(NS).resource(credentials("gh-api", "ghp_good")).create();
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    receiver.close();
    github.close();
  }

  @Test
  void registersWithAGeneratedSecretAndReadyWaitsForTheHook() {
    github.down(Reply.error(503, "Service Unavailable", Map.of()));
    operator = start(settings);
    client.resource(endpoint("ci")).create();

    WebhookEndpoint waiting =
        endpoints.awaitCondition("ci", ConditionType.PROVIDER_REGISTERED, "False", ConditionReasons.PROVIDER_UNAVAILABLE);
    assertThat(waiting.getStatus().condition(ConditionType.READY).orElseThrow().getStatus()).isEqualTo("False");

    github.up();
    // The operator's clock stands still: move it past the backoff, as time would.
    clock.advance(RESYNC);
    WebhookEndpoint ready = endpoints.awaitCondition("ci", ConditionType.READY, "True", ConditionReasons.READY);

    Secret generated = client.secrets().inNamespace(NS).withName("ci-signing").get();
    assertThat(generated.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(ready.getMetadata().getUid()));
    String secret = new String(Base64.getDecoder().decode(generated.getData().get("secret")), StandardCharsets.UTF_8);
    assertThat(secret).matches("[0-9a-f]{64}");

    assertThat(github.hooks(HOOKS)).singleElement().satisfies(hook -> {
      assertThat(hook.url).isEqualTo(ready.getStatus().getUrl());
      assertThat(hook.secret).isEqualTo(secret);
      assertThat(hook.events).containsExactly("pull_request", "push");
      assertThat(String.valueOf(hook.id)).isEqualTo(ready.getStatus().getProvider().getHookId());
    });
    assertThat(ready.getStatus().condition(ConditionType.PROVIDER_REGISTERED).orElseThrow().getReason())
        .isEqualTo(ConditionReasons.REGISTERED);
    assertThat(ready.getStatus().getProvider().getRegisteredUrl()).isEqualTo(ready.getStatus().getUrl());
    assertThat(ready.getStatus().getProvider().getLastSyncTime()).isNotNull();
    assertThat(RoutesSecretBuilder.currentTable(routesSecret()).routeFor(NS, "ci").orElseThrow().signingSecrets())
        .extracting(s -> s.value()).containsExactly(secret);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(endpoints.events("ci"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(ConditionReasons.HOOK_CREATED)));
    assertThat(endpoints.events("ci"))
        .allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(secret).doesNotContain("ghp_good"));

    // Reconciles go on (resync 200 ms) but GitHub is not called again before the provider resync is due.
    int calls = github.requests().size();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
        .until(() -> github.requests().size() == calls);
  }

  @Test
  void theHookIsCreatedOnlyOnceTheReceiversServeTheRoute() {
    receiver.holdRoutesBack(true);
    operator = start(settings);
    client.resource(endpoint("ci")).create();

    endpoints.awaitCondition("ci", ConditionType.PROVIDER_REGISTERED, "Unknown", ConditionReasons.WAITING_FOR_RECEIVERS);
    assertThat(github.hooks(HOOKS)).as("GitHub pings a new hook at once").isEmpty();

    receiver.holdRoutesBack(false);
    WebhookEndpoint ready = endpoints.awaitCondition("ci", ConditionType.READY, "True", ConditionReasons.READY);
    assertThat(github.hooks(HOOKS)).singleElement()
        .satisfies(hook -> assertThat(hook.url).isEqualTo(ready.getStatus().getUrl()));
  }

  @Test
  void driftAtGitHubIsRepairedOnTheResyncWithAnEvent() {
    operator = start(settings);
    client.resource(endpoint("ci")).create();
    WebhookEndpoint ready = endpoints.awaitCondition("ci", ConditionType.READY, "True", ConditionReasons.READY);
    String firstId = ready.getStatus().getProvider().getHookId();

    github.hooks(HOOKS).get(0).events = List.of("issues");
    clock.advance(RESYNC.plusSeconds(1));
    await().atMost(TIMEOUT).untilAsserted(() ->
        assertThat(github.hooks(HOOKS)).singleElement()
            .satisfies(hook -> assertThat(hook.events).containsExactly("pull_request", "push")));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(endpoints.events("ci"))
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo(ConditionReasons.HOOK_UPDATED);
          assertThat(e.getMessage()).contains("events [issues]");
        }));

    github.deleteHook(HOOKS, Long.parseLong(firstId));
    clock.advance(RESYNC.plusSeconds(1));
    WebhookEndpoint recreated = await().atMost(TIMEOUT).until(() -> endpoints.get("ci"),
        e -> e.getStatus().getProvider() != null && !firstId.equals(e.getStatus().getProvider().getHookId()));
    assertThat(github.hooks(HOOKS)).singleElement()
        .satisfies(hook -> assertThat(String.valueOf(hook.id)).isEqualTo(recreated.getStatus().getProvider().getHookId()));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(endpoints.events("ci"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(ConditionReasons.HOOK_RECREATED)));
  }

  @Test
  void aRotatedSigningSecretIsPushedToGitHub() {
    operator = start(settings);
    client.resource(endpoint("ci")).create();
    endpoints.awaitCondition("ci", ConditionType.READY, "True", ConditionReasons.READY);

    client.secrets().inNamespace(NS).withName("ci-signing").edit(s -> {
      s.getData().put("secret", Base64.getEncoder().encodeToString("rotated-secret".getBytes(StandardCharsets.UTF_8)));
      return s;
    });

    await().atMost(TIMEOUT).untilAsserted(() ->
        assertThat(github.hooks(HOOKS)).singleElement().satisfies(hook -> assertThat(hook.secret).isEqualTo("rotated-secret")));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(endpoints.events("ci"))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("secret pushed")));
    assertThat(endpoints.events("ci")).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("rotated-secret"));
  }

  @Test
  void rateLimitedMeansNoRequestBeforeTheResetGitHubGave() {
    github.failNext(Reply.error(429, "slow down", Map.of("Retry-After", "60")));
    operator = start(settings);
    client.resource(endpoint("ci")).create();

    WebhookEndpoint limited =
        endpoints.awaitCondition("ci", ConditionType.PROVIDER_REGISTERED, "False", ConditionReasons.RATE_LIMITED);
    assertThat(limited.getStatus().getProvider().getNextAttemptTime()).isNotNull();
    int calls = github.requests().size();
    // Reconciles go on every 200 ms; the operator's clock stands still before the reset.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
        .until(() -> github.requests().size() == calls);

    clock.advance(Duration.ofSeconds(61));
    endpoints.awaitCondition("ci", ConditionType.READY, "True", ConditionReasons.READY);
    assertThat(github.hooks(HOOKS)).hasSize(1);
  }

  @Test
  void aRestartAfterTheHookWasCreatedButBeforeItsIdWasStoredLeavesOneHook() {
    operator = start(settings);
    client.resource(endpoint("ci")).create();
    WebhookEndpoint ready = endpoints.awaitCondition("ci", ConditionType.READY, "True", ConditionReasons.READY);
    String hookId = ready.getStatus().getProvider().getHookId();
    operator.close();

    // As if the operator died after GitHub created the hook and before the status write.
    client.resources(WebhookEndpoint.class).inNamespace(NS).withName("ci").editStatus(e -> {
      e.getStatus().setProvider(null);
      e.getStatus().getConditions().removeIf(c -> c.getType().equals(ConditionType.PROVIDER_REGISTERED.value()));
      return e;
    });
    github.clearRequests();
    operator = start(settings);

    WebhookEndpoint again = await().atMost(TIMEOUT).until(() -> endpoints.get("ci"),
        e -> e.getStatus().getProvider() != null && e.getStatus().getProvider().getHookId() != null);
    assertThat(again.getStatus().getProvider().getHookId()).isEqualTo(hookId);
    assertThat(github.hooks(HOOKS)).hasSize(1);
    assertThat(github.requests()).noneSatisfy(r -> assertThat(r.method()).isEqualTo("POST"));
  }

  @Test
  void deletingTheEndpointDeletesTheHookThenRemovesTheFinalizer() {
    operator = start(settings);
    client.resource(endpoint("ci")).create();
    endpoints.awaitCondition("ci", ConditionType.READY, "True", ConditionReasons.READY);

    client.resources(WebhookEndpoint.class).inNamespace(NS).withName("ci").delete();

    await().atMost(TIMEOUT).until(() -> endpoints.get("ci") == null);
    assertThat(github.hooks(HOOKS)).isEmpty();
  }

  @Test
  void whileGitHubIsDownTheFinalizerStaysAndTheConditionSaysWhy() {
    operator = start(settings);
    client.resource(endpoint("ci")).create();
    endpoints.awaitCondition("ci", ConditionType.READY, "True", ConditionReasons.READY);
    github.down(Reply.error(502, "Bad Gateway", Map.of()));

    client.resources(WebhookEndpoint.class).inNamespace(NS).withName("ci").delete();

    WebhookEndpoint stuck =
        endpoints.awaitCondition("ci", ConditionType.PROVIDER_REGISTERED, "False", ConditionReasons.PROVIDER_UNAVAILABLE);
    assertThat(stuck.getMetadata().getFinalizers()).isNotEmpty();
    assertThat(stuck.getStatus().condition(ConditionType.PROVIDER_REGISTERED).orElseThrow().getMessage())
        .contains("HTTP 502").contains(WebhookEndpoint.SKIP_DEREGISTRATION);
    assertThat(github.hooks(HOOKS)).hasSize(1);

    github.up();
    await().atMost(TIMEOUT).until(() -> endpoints.get("ci") == null);
    assertThat(github.hooks(HOOKS)).isEmpty();
  }

  @Test
  void theSkipAnnotationDeletesTheEndpointAndLeavesTheHook() {
    operator = start(settings);
    client.resource(endpoint("ci")).create();
    endpoints.awaitCondition("ci", ConditionType.READY, "True", ConditionReasons.READY);
    github.down(Reply.error(503, "Service Unavailable", Map.of()));
    client.resources(WebhookEndpoint.class).inNamespace(NS).withName("ci").edit(e -> {
      e.getMetadata().getAnnotations().put(WebhookEndpoint.SKIP_DEREGISTRATION, "true");
      return e;
    });

    client.resources(WebhookEndpoint.class).inNamespace(NS).withName("ci").delete();

    await().atMost(TIMEOUT).until(() -> endpoints.get("ci") == null);
    assertThat(github.hooks(HOOKS)).hasSize(1);
  }

  @Test
  void refusedCredentialsAreNotRetriedUntilTheSecretChanges() {
    client.secrets().inNamespace(NS).withName("gh-api").delete();
    client.secrets().inNamespace(NS).resource(credentials("gh-api", "ghp_revoked")).create();
    operator = start(settings);
    client.resource(endpoint("ci")).create();

    WebhookEndpoint refused =
        endpoints.awaitCondition("ci", ConditionType.PROVIDER_REGISTERED, "False", ConditionReasons.CREDENTIALS_INVALID);
    assertThat(refused.getStatus().condition(ConditionType.READY).orElseThrow().getStatus()).isEqualTo("False");
    assertThat(refused.getStatus().condition(ConditionType.PROVIDER_REGISTERED).orElseThrow().getMessage())
        .doesNotContain("ghp_revoked");
    // The operator reconciles every 200 ms; GitHub saw exactly one request, and sees none more.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> github.requests().size() == 1);

    client.secrets().inNamespace(NS).withName("gh-api").edit(s -> {
      s.getData().put("token", Base64.getEncoder().encodeToString("ghp_good".getBytes(StandardCharsets.UTF_8)));
      return s;
    });
    endpoints.awaitCondition("ci", ConditionType.READY, "True", ConditionReasons.READY);
    assertThat(github.hooks(HOOKS)).hasSize(1);
  }

  @Test
  void withoutCredentialsAGitHubEndpointStaysManual() {
    operator = start(settings);
    WebhookEndpoint endpoint = endpoint("manual");
    endpoint.getSpec().getProvider().getGithub().setCredentialsSecretRef(null);
    client.resource(endpoint).create();

    WebhookEndpoint ready = endpoints.awaitCondition("manual", ConditionType.READY, "True", ConditionReasons.READY);
    assertThat(ready.getStatus().condition(ConditionType.PROVIDER_REGISTERED).orElseThrow().getReason())
        .isEqualTo(ConditionReasons.MANUAL_REGISTRATION_REQUIRED);
    assertThat(ready.getStatus().condition(ConditionType.PROVIDER_REGISTERED).orElseThrow().getMessage())
        .contains("manual-signing");
    assertThat(ready.getStatus().getProvider()).isNull();
    assertThat(github.requests()).isEmpty();
  }

  @Test
  void twoOperatorsWithLeaderElectionCreateOneHook() {
    allowLeases();
    OperatorSettings elected = settings.toBuilder().leaderElection(true).build();
    operator = start(elected.toBuilder().leaderIdentity("replica-a").build());
    try (HookgateOperator second = start(elected.toBuilder().leaderIdentity("replica-b").build())) {
      for (int i = 0; i < 5; i++) {
        client.resource(endpoint("ci-" + i)).create();
      }
      for (int i = 0; i < 5; i++) {
        endpoints.awaitCondition("ci-" + i, ConditionType.READY, "True", ConditionReasons.READY);
      }
      assertThat(github.hooks(HOOKS)).hasSize(5);
      assertThat(github.requests()).filteredOn(r -> r.method().equals("POST")).hasSize(5);
      assertThat(client.leases().inNamespace(settings.receiverNamespace()).withName(OperatorSettings.LEASE_NAME).get()
          .getSpec().getHolderIdentity()).isIn("replica-a", "replica-b");
    }
  }

  /** The mock has no RBAC: JOSDK's check that the operator may use Leases gets a review that allows it. */
  @Test
  void gitHubsHookAddressesAreAddedToTheRoutesAndTheIngresssSourceRangesOnceReadFromMeta() {
    github.down(Reply.error(503, "Service Unavailable", Map.of()));
    OperatorSettings nginx = settings.toBuilder().ingressClass("nginx").build();
    operator = start(nginx);
    WebhookEndpoint endpoint = endpoint("meta");
    endpoint.getSpec().getProvider().getGithub().setSourceRangesFromMeta(true);
    endpoint.getSpec().setSourceRanges(List.of("198.51.100.0/24"));
    client.resource(endpoint).create();

    // Never read: the route is not written (it would take deliveries from anywhere), and the condition says why.
    WebhookEndpoint waiting = endpoints.awaitCondition("meta", ConditionType.RECEIVER_CONFIGURED, "False",
        ConditionReasons.SOURCE_RANGES_UNAVAILABLE);
    assertThat(waiting.getStatus().condition(ConditionType.RECEIVER_CONFIGURED).orElseThrow().getMessage())
        .contains("spec.provider.github.sourceRangesFromMeta").contains("/meta").contains("503");
    assertThat(waiting.getStatus().condition(ConditionType.READY).orElseThrow().getStatus()).isEqualTo("False");
    Secret routes = routesSecret();
    assertThat(routes == null ? java.util.Optional.empty()
        : RoutesSecretBuilder.currentTable(routes).routeFor(NS, "meta")).isEmpty();
    assertThat(allowlist("meta")).isNull();

    github.up();
    clock.advance(Duration.ofSeconds(31)); // past the retry interval of a list never read
    endpoints.awaitCondition("meta", ConditionType.READY, "True", ConditionReasons.READY);

    assertThat(RoutesSecretBuilder.currentTable(routesSecret()).routeFor(NS, "meta").orElseThrow().sourceRanges())
        .containsExactly("198.51.100.0/24", "192.30.252.0/22", "185.199.108.0/22", "140.82.112.0/20",
            "143.55.64.0/20", "2a0a:a440::/29", "2606:50c0::/32");
    assertThat(allowlist("meta")).isEqualTo("198.51.100.0/24,192.30.252.0/22,185.199.108.0/22,140.82.112.0/20,"
        + "143.55.64.0/20,2a0a:a440::/29,2606:50c0::/32");
    assertThat(github.requests()).filteredOn(request -> request.path().equals("/meta"))
        .allSatisfy(request -> assertThat(request.header("Authorization")).isNull());

    // GitHub changes its addresses: the route follows at the next hourly read.
    github.metaHooks(List.of("192.30.252.0/22", "203.0.113.0/24"));
    clock.advance(Duration.ofMinutes(61));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
        RoutesSecretBuilder.currentTable(routesSecret()).routeFor(NS, "meta").orElseThrow().sourceRanges())
        .containsExactly("198.51.100.0/24", "192.30.252.0/22", "203.0.113.0/24"));
    await().atMost(TIMEOUT).untilAsserted(() ->
        assertThat(allowlist("meta")).isEqualTo("198.51.100.0/24,192.30.252.0/22,203.0.113.0/24"));

    // A new operator process that cannot read GitHub's list keeps what the Ingress and the route already allow.
    operator.close();
    github.down(Reply.error(503, "Service Unavailable", Map.of()));
    operator = start(nginx);
    endpoints.awaitCondition("meta", ConditionType.RECEIVER_CONFIGURED, "False",
        ConditionReasons.SOURCE_RANGES_UNAVAILABLE);
    assertThat(allowlist("meta")).isEqualTo("198.51.100.0/24,192.30.252.0/22,203.0.113.0/24");
    assertThat(RoutesSecretBuilder.currentTable(routesSecret()).routeFor(NS, "meta").orElseThrow().sourceRanges())
        .containsExactly("198.51.100.0/24", "192.30.252.0/22", "203.0.113.0/24");
  }

  /** The nginx allowlist annotation of the endpoint's Ingress; null when it has none. */
  private String allowlist(String name) {
    var ingress = client.network().v1().ingresses().inNamespace(settings.receiverNamespace())
        .withName(dev.hookgate.operator.dependent.IngressBuilder.name(NS, name)).get();
    var annotations = ingress.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get("nginx.ingress.kubernetes.io/whitelist-source-range");
  }

  private void allowLeases() {
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder()
            .withNewStatus()
            .withIncomplete(false)
            .withResourceRules(new ResourceRuleBuilder()
                .withApiGroups("coordination.k8s.io").withResources("leases")
                .withVerbs("get", "create", "update").build())
            .endStatus()
            .build())
        .always();
  }

  private HookgateOperator start(OperatorSettings operatorSettings) {
    return HookgateOperator.start(client, operatorSettings, clock, GatewayApi.NOT_INSTALLED);
  }

  private WebhookEndpoint endpoint(String name) {
    return new KubernetesSerialization().unmarshal("""
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: %s, namespace: %s, annotations: {team: ci}}
        spec:
          provider:
            type: github
            github:
              repository: acme/app
              baseUrl: %s
              credentialsSecretRef: {name: gh-api}
          events: [push, pull_request]
          target: {service: {name: ci, port: 8080}, path: /github}
        """.formatted(name, NS, github.baseUrl()), WebhookEndpoint.class);
  }

  private static Secret credentials(String name, String token) {
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .addToData("token", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  private Secret routesSecret() {
    return client.secrets().inNamespace(settings.receiverNamespace()).withName(settings.routesSecretName()).get();
  }
}
