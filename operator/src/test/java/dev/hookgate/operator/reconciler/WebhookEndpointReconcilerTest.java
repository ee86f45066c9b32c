package dev.hookgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.operator.HookgateOperator;
import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.PreviousSigningSecretRef;
import dev.hookgate.operator.api.ProviderSpec;
import dev.hookgate.operator.api.SecretKeyRef;
import dev.hookgate.operator.api.StripeProviderSpec;
import dev.hookgate.operator.api.TargetSpec;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.api.WebhookEndpointStatus;
import dev.hookgate.operator.api.WebhookEndpointSpec;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.testing.Endpoints;
import dev.hookgate.operator.testing.FakeReceiver;
import dev.hookgate.operator.testing.MutableClock;
import dev.hookgate.operator.api.GatewaySpec;
import dev.hookgate.operator.dependent.HTTPRouteBuilder;
import dev.hookgate.operator.dependent.IngressBuilder;
import dev.hookgate.operator.dependent.ReferenceGrantBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import dev.hookgate.operator.routes.RoutesSecretBuilder;
import dev.hookgate.routing.FilterExpression;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.ReceiverStatus;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingTable;
import dev.hookgate.routing.SigningSecret;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler against the Fabric8 mock server (CRUD mode; no server-side apply there), with a fake receiver
 * that serves every route of the routes Secret, as a receiver that reloaded it would.
 */
@EnableKubernetesMockClient(crud = true)
class WebhookEndpointReconcilerTest {

  private static final String NS = "shop";
  private static final Instant LAST_EVENT = Instant.parse("2025-02-03T04:05:06Z");
  /** What the fake receiver reports about each route's deliveries; null: nothing. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  KubernetesClient client;
  KubernetesMockServer server;

  private FakeReceiver fakeReceiver;
  private HookgateOperator operator;
  private OperatorSettings settings;
  private MutableClock clock;

  @BeforeEach
  void start() {
    client.apiextensions().v1().customResourceDefinitions()
        .load(Path.of("target/classes/META-INF/fabric8/webhookendpoints.hookgate.dev-v1.yml").toFile())
        .create();
    fakeReceiver = new FakeReceiver(client, LAST_EVENT);
    settings = OperatorSettings.builder()
        .serverSideApply(false)
        .publicBaseUrl("https://hooks.example.com")
        .receiverStatusUrls(List.of(fakeReceiver.url()))
        .pendingRecheck(Duration.ofMillis(200))
        .build();
    clock = new MutableClock(Instant.now());
    // The CRUD mock serves any resource path but no faithful discovery: the Gateway API is declared installed.
    operator = HookgateOperator.start(client, settings, clock, GatewayApi.INSTALLED);
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    fakeReceiver.close();
  }

  /**
   * Without server-side apply every status write is a whole status with the resourceVersion it was computed
   * against (a conflict makes it re-read), never a JSON patch computed against the cached copy: against a stale
   * copy that patch changed some fields of a condition and not others.
   */
  @Test
  void withoutServerSideApplyStatusIsWrittenWholeAndOptimisticallyLocked() throws InterruptedException {
    client.secrets().inNamespace(NS).resource(signingSecret("locked-signing", "token", "s3cr3t-value")).create();
    client.resources(WebhookEndpoint.class).inNamespace(NS)
        .resource(endpoint("locked", ProviderType.GITHUB, "locked-signing", 8080)).create();
    awaitCondition("locked", ConditionType.READY, "True", ConditionReasons.READY);

    List<RecordedRequest> statusWrites = new ArrayList<>();
    for (RecordedRequest request = server.takeRequest(100, TimeUnit.MILLISECONDS); request != null;
        request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      if (request.getPath().contains("/webhookendpoints/locked/status")) {
        statusWrites.add(request);
      }
    }

    // the first status (the slug), then the rest; a PUT carries the resourceVersion, a PATCH here did not
    assertThat(statusWrites).hasSizeGreaterThan(1).extracting(RecordedRequest::getMethod).containsOnly("PUT");
  }

  @Test
  void theReceiversDeliveryCountsReachTheStatusAndDeadLetteringIsAnEvent() {
    fakeReceiver.reportDeliveries(new ReceiverStatus.DeliveryCounts(12, 9, 1, 2, LAST_EVENT, "HTTP 500", null));
    client.secrets().inNamespace(NS).resource(signingSecret("dl-signing", "token", "s3cr3t-value")).create();
    client.resources(WebhookEndpoint.class).inNamespace(NS)
        .resource(endpoint("dl", ProviderType.GITHUB, "dl-signing", 8080)).create();

    WebhookEndpoint ready = awaitCondition("dl", ConditionType.READY, "True", ConditionReasons.READY);

    WebhookEndpointStatus.Deliveries deliveries = ready.getStatus().getDeliveries();
    assertThat(deliveries.getReceived()).isEqualTo(12);
    assertThat(deliveries.getDelivered()).isEqualTo(9);
    assertThat(deliveries.getPending()).isEqualTo(1);
    assertThat(deliveries.getDeadLettered()).isEqualTo(2);
    assertThat(deliveries.getLastError()).isEqualTo("HTTP 500");
    assertThat(deliveries.getLastEventTime()).isEqualTo(LAST_EVENT.toString());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("dl"))
        .filteredOn(event -> ConditionEventRecorder.DEAD_LETTERING.equals(event.getReason()))
        .singleElement()
        .satisfies(event -> {
          assertThat(event.getType()).isEqualTo("Warning");
          assertThat(event.getMessage()).contains("2 delivery(ies)").contains("HTTP 500");
        }));
  }

  /** Far sooner than the resync (60 s): dead letters and a stop are looked for every few seconds. */
  @Test
  void newDeadLettersAReplayAndAStopReachTheStatusWithinSecondsNotAtTheResync() {
    assertThat(settings.resync()).isEqualTo(Duration.ofSeconds(60));
    fakeReceiver.reportDeliveries(new ReceiverStatus.DeliveryCounts(5, 5, 0, 0, LAST_EVENT, null, null));
    client.secrets().inNamespace(NS).resource(signingSecret("soon-signing", "token", "s3cr3t-value")).create();
    client.resources(WebhookEndpoint.class).inNamespace(NS)
        .resource(endpoint("soon", ProviderType.GITHUB, "soon-signing", 8080)).create();
    awaitCondition("soon", ConditionType.READY, "True", ConditionReasons.READY);

    fakeReceiver.reportDeliveries(new ReceiverStatus.DeliveryCounts(8, 5, 0, 3, LAST_EVENT, "HTTP 500", null));
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(deliveries("soon").getDeadLettered()).isEqualTo(3);
      assertThat(events("soon")).anyMatch(event -> ConditionEventRecorder.DEAD_LETTERING.equals(event.getReason()));
    });

    fakeReceiver.reportDeliveries(new ReceiverStatus.DeliveryCounts(8, 8, 0, 0, LAST_EVENT, "HTTP 500", null));
    await().atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(deliveries("soon").getDeadLettered()).isZero());

    fakeReceiver.reportDeliveries(new ReceiverStatus.DeliveryCounts(9, 8, 1, 0, LAST_EVENT, "HTTP 410",
        "the target answered 410 Gone"));
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(deliveries("soon").getLastError())
        .isEqualTo("the target answered 410 Gone"));
  }

  private WebhookEndpointStatus.Deliveries deliveries(String name) {
    return client.resources(WebhookEndpoint.class).inNamespace(NS).withName(name).get().getStatus().getDeliveries();
  }

  @Test
  void endpointWithItsSecretBecomesReadyWithUrlRouteAndIngress() {
    client.secrets().inNamespace(NS).resource(signingSecret("gh-signing", "token", "s3cr3t-value")).create();
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(endpoint("gh", ProviderType.GITHUB, "gh-signing", 8080)).create();

    WebhookEndpoint ready = awaitCondition("gh", ConditionType.READY, "True", ConditionReasons.READY);

    String slug = ready.getStatus().getSlug();
    assertThat(slug).matches("[0-9a-f]{32}");
    assertThat(ready.getStatus().getUrl()).isEqualTo("https://hooks.example.com/h/" + slug);
    assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().getDeliveries().getLastEventTime()).isEqualTo(LAST_EVENT.toString());
    assertThat(ready.getStatus().getConditions()).extracting(Condition::getType, Condition::getStatus)
        .contains(
            org.assertj.core.groups.Tuple.tuple("SecretResolved", "True"),
            org.assertj.core.groups.Tuple.tuple("IngressReady", "True"),
            org.assertj.core.groups.Tuple.tuple("ReceiverConfigured", "True"),
            org.assertj.core.groups.Tuple.tuple("ProviderRegistered", "True"));
    Condition registered = ready.getStatus().condition(ConditionType.PROVIDER_REGISTERED).orElseThrow();
    assertThat(registered.getReason()).isEqualTo(ConditionReasons.MANUAL_REGISTRATION_REQUIRED);
    assertThat(registered.getMessage()).contains("Payload URL " + ready.getStatus().getUrl())
        .contains("gh-signing").doesNotContain("s3cr3t-value");
    assertThat(ready.getMetadata().getFinalizers()).isNotEmpty();

    Route route = routes().routeFor(NS, "gh").orElseThrow();
    assertThat(route.slug()).isEqualTo(slug);
    assertThat(route.provider()).isEqualTo(ProviderType.GITHUB);
    assertThat(route.signingSecrets()).extracting(s -> s.value()).containsExactly("s3cr3t-value");
    assertThat(route.target().url()).isEqualTo(URI.create("http://ci.shop.svc:8080/github"));
    assertThat(routesSecret().getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "hookgate-operator");

    Ingress ingress = ingress("gh").orElseThrow();
    assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("hooks.example.com");
    assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath()).isEqualTo("/h/" + slug);

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events("gh"))
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo(ConditionReasons.READY);
          assertThat(e.getType()).isEqualTo("Normal");
          assertThat(e.getInvolvedObject().getKind()).isEqualTo("WebhookEndpoint");
        }));
    assertThat(events("gh")).noneSatisfy(e -> assertThat(e.getMessage()).contains("s3cr3t-value"));
  }

  @Test
  void missingSecretIsReportedAndTheSecretAppearingLaterMakesItReady() {
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(endpoint("late", ProviderType.GITHUB, "late-signing", 8080)).create();

    WebhookEndpoint notReady = awaitCondition("late", ConditionType.READY, "False", ConditionReasons.SECRET_NOT_FOUND);
    assertThat(notReady.getStatus().condition(ConditionType.SECRET_RESOLVED).orElseThrow())
        .satisfies(c -> {
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo(ConditionReasons.SECRET_NOT_FOUND);
          assertThat(c.getMessage()).contains("shop/late-signing");
        });
    assertThat(routesTableOrEmpty().routeFor(NS, "late")).isEmpty();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events("late"))
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo(ConditionReasons.SECRET_NOT_FOUND);
          assertThat(e.getType()).isEqualTo("Warning");
        }));

    client.secrets().inNamespace(NS).resource(signingSecret("late-signing", "token", "later")).create();

    WebhookEndpoint ready = awaitCondition("late", ConditionType.READY, "True", ConditionReasons.READY);
    assertThat(ready.getMetadata().getGeneration()).isEqualTo(notReady.getMetadata().getGeneration());
    assertThat(routes().routeFor(NS, "late")).isPresent();
  }

  @Test
  void specChangeUpdatesTheRouteAndObservedGeneration() {
    client.secrets().inNamespace(NS).resource(signingSecret("gh-signing", "token", "v")).create();
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(endpoint("gh", ProviderType.GITHUB, "gh-signing", 8080)).create();
    WebhookEndpoint first = awaitCondition("gh", ConditionType.READY, "True", ConditionReasons.READY);

    editEndpoint("gh", e -> {
          e.getSpec().getTarget().getService().setPort(9090);
          return e;
        });

    await().atMost(TIMEOUT).untilAsserted(() -> {
      WebhookEndpoint current = get("gh");
      assertThat(current.getMetadata().getGeneration()).isGreaterThan(first.getMetadata().getGeneration());
      assertThat(current.getStatus().getObservedGeneration()).isEqualTo(current.getMetadata().getGeneration());
      assertThat(current.getStatus().condition(ConditionType.READY).orElseThrow().getStatus()).isEqualTo("True");
      Route route = routes().routeFor(NS, "gh").orElseThrow();
      assertThat(route.target().url()).isEqualTo(URI.create("http://ci.shop.svc:9090/github"));
      assertThat(route.endpoint().generation()).isEqualTo(current.getMetadata().getGeneration());
      assertThat(current.getStatus().getSlug()).isEqualTo(first.getStatus().getSlug());
    });
  }

  @Test
  void twoEndpointsShareTheRoutesSecretAndDeletingOneLeavesTheOther() {
    client.secrets().inNamespace(NS).resource(signingSecret("shared", "token", "v")).create();
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(endpoint("one", ProviderType.GITHUB, "shared", 8080)).create();
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(endpoint("two", ProviderType.STANDARD_WEBHOOKS, "shared", 8081)).create();
    awaitCondition("one", ConditionType.READY, "True", ConditionReasons.READY);
    awaitCondition("two", ConditionType.READY, "True", ConditionReasons.READY);
    assertThat(routes().routes()).extracting(r -> r.endpoint().name()).containsExactly("one", "two");

    client.resources(WebhookEndpoint.class).inNamespace(NS).withName("one").delete();

    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(client.resources(WebhookEndpoint.class).inNamespace(NS).withName("one").get()).isNull();
      assertThat(routes().routes()).extracting(r -> r.endpoint().name()).containsExactly("two");
      assertThat(ingress("one")).isEmpty();
      assertThat(ingress("two")).isPresent();
    });
  }

  @Test
  void everyProviderTypeReconcilesToReadyAndTwilioGetsThePublicUrl() {
    client.secrets().inNamespace(NS).resource(signingSecret("shared", "token", "whsec_x")).create();
    List<ProviderType> types = List.of(ProviderType.STRIPE, ProviderType.SLACK, ProviderType.ZOOM,
        ProviderType.LINEAR, ProviderType.TWILIO, ProviderType.SHOPIFY, ProviderType.GITLAB, ProviderType.BITBUCKET);
    for (ProviderType type : types) {
      WebhookEndpoint endpoint = endpoint(type.wireName(), type, "shared", 8080);
      if (type == ProviderType.STRIPE) {
        endpoint.getSpec().getProvider().setStripe(new StripeProviderSpec(120));
      }
      client.resources(WebhookEndpoint.class).inNamespace(NS).resource(endpoint).create();
    }

    for (ProviderType type : types) {
      WebhookEndpoint ready = awaitCondition(type.wireName(), ConditionType.READY, "True", ConditionReasons.READY);
      Route route = routes().routeFor(NS, type.wireName()).orElseThrow();
      assertThat(route.provider()).isEqualTo(type);
      assertThat(route.publicUrl()).isEqualTo(URI.create(ready.getStatus().getUrl()));
    }
    assertThat(routes().routeFor(NS, "stripe").orElseThrow().toleranceSeconds()).isEqualTo(120);
    assertThat(routes().routeFor(NS, "slack").orElseThrow().toleranceSeconds()).isNull();
  }

  @Test
  void anInvalidFilterIsReportedWithTheCompilersMessageAndFixingItMakesTheEndpointReady() {
    String badFilter = "body.amount >";
    String compilerMessage = compilerMessage(badFilter);
    client.secrets().inNamespace(NS).resource(signingSecret("gh-signing", "token", "v")).create();
    WebhookEndpoint endpoint = endpoint("filtered", ProviderType.GITHUB, "gh-signing", 8080);
    endpoint.getSpec().setFilter(badFilter);
    endpoint.getSpec().setSourceRanges(List.of("192.30.252.0/22"));
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(endpoint).create();

    WebhookEndpoint invalid = awaitCondition("filtered", ConditionType.READY, "False", ConditionReasons.INVALID_FILTER);
    assertThat(invalid.getStatus().condition(ConditionType.READY).orElseThrow().getMessage())
        .isEqualTo(compilerMessage);
    assertThat(routesTableOrEmpty().routeFor(NS, "filtered")).isEmpty();

    editEndpoint("filtered", e -> {
          e.getSpec().setFilter("body.amount > 1000");
          return e;
        });

    awaitCondition("filtered", ConditionType.READY, "True", ConditionReasons.READY);
    Route route = routes().routeFor(NS, "filtered").orElseThrow();
    assertThat(route.filter()).isEqualTo("body.amount > 1000");
    assertThat(route.sourceRanges()).containsExactly("192.30.252.0/22");
  }

  @Test
  void thePreviousSecretVerifiesUntilExpiresAtAndLeavesTheRouteThen() {
    Instant expiresAt = clock.instant().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    client.secrets().inNamespace(NS).resource(signingSecret("gh-new", "token", "new-value")).create();
    WebhookEndpoint endpoint = endpoint("rotating", ProviderType.GITHUB, "gh-new", 8080);
    endpoint.getSpec().setPreviousSigningSecretRef(
        new PreviousSigningSecretRef("gh-old", "token", expiresAt.toString()));
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(endpoint).create();

    // The previous Secret is missing: reported like the current one, and it triggers the endpoint when created.
    WebhookEndpoint missing = awaitCondition("rotating", ConditionType.SECRET_RESOLVED, "False",
        ConditionReasons.SECRET_NOT_FOUND);
    assertThat(missing.getStatus().condition(ConditionType.SECRET_RESOLVED).orElseThrow().getMessage())
        .contains("shop/gh-old").contains("spec.previousSigningSecretRef");
    client.secrets().inNamespace(NS).resource(signingSecret("gh-old", "token", "old-value")).create();

    awaitCondition("rotating", ConditionType.READY, "True", ConditionReasons.READY);
    assertThat(routes().routeFor(NS, "rotating").orElseThrow().signingSecrets())
        .containsExactly(SigningSecret.current("new-value"), new SigningSecret("old-value", expiresAt));

    // The operator's clock passes expiresAt; the reconcile scheduled for expiresAt (the resync is 60 s) drops it.
    clock.advance(Duration.ofSeconds(3));
    await().atMost(TIMEOUT).untilAsserted(() ->
        assertThat(routes().routeFor(NS, "rotating").orElseThrow().signingSecrets())
            .containsExactly(SigningSecret.current("new-value")));
  }

  @Test
  void aGatewayEndpointGetsAnHttpRouteAndAGrantAndReportsTheGatewaysVerdict() {
    client.secrets().inNamespace(NS).resource(signingSecret("shared", "token", "v")).create();
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(gatewayEndpoint("gw", "https")).create();

    WebhookEndpoint created = awaitCondition("gw", ConditionType.INGRESS_READY, "True", ConditionReasons.CREATED);
    String slug = created.getStatus().getSlug();
    HTTPRoute route = httpRoute("gw").orElseThrow();
    assertThat(route.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(owner -> {
          assertThat(owner.getKind()).isEqualTo("WebhookEndpoint");
          assertThat(owner.getName()).isEqualTo("gw");
          assertThat(owner.getController()).isTrue();
        });
    assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(parent -> {
      assertThat(parent.getName()).isEqualTo("public");
      assertThat(parent.getNamespace()).isEqualTo("gateway-system");
      assertThat(parent.getSectionName()).isEqualTo("https");
    });
    assertThat(route.getSpec().getHostnames()).containsExactly("hooks.example.com");
    assertThat(route.getSpec().getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getMatches()).singleElement()
          .satisfies(match -> assertThat(match.getPath().getValue()).isEqualTo("/h/" + slug));
      assertThat(rule.getBackendRefs()).singleElement().satisfies(backend -> {
        assertThat(backend.getName()).isEqualTo("hookgate-receiver");
        assertThat(backend.getNamespace()).isEqualTo(settings.receiverNamespace());
        assertThat(backend.getPort()).isEqualTo(80);
      });
    });
    ReferenceGrant grant = referenceGrant().orElseThrow();
    assertThat(grant.getSpec().getFrom()).singleElement()
        .satisfies(from -> assertThat(from.getNamespace()).isEqualTo(NS));
    assertThat(ingress("gw")).as("no Ingress for a Gateway endpoint").isEmpty();

    // The Gateway refuses the route, then accepts it: the HTTPRoute informer brings each verdict to IngressReady.
    setRouteVerdict("gw", "https", "False", "NotAllowedByListeners", "no listener allows routes from shop");
    WebhookEndpoint refused =
        awaitCondition("gw", ConditionType.INGRESS_READY, "False", "NotAllowedByListeners");
    assertThat(refused.getStatus().condition(ConditionType.INGRESS_READY).orElseThrow().getMessage())
        .contains("gateway-system/public").contains("no listener allows routes from shop");
    assertThat(refused.getStatus().condition(ConditionType.READY).orElseThrow().getStatus()).isEqualTo("False");

    setRouteVerdict("gw", "https", "True", "Accepted", "");
    awaitCondition("gw", ConditionType.INGRESS_READY, "True", ConditionReasons.ACCEPTED);
    awaitCondition("gw", ConditionType.READY, "True", ConditionReasons.READY);

    // A second Gateway endpoint of the namespace shares the grant: deleting the first keeps it.
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(gatewayEndpoint("gw2", null)).create();
    awaitCondition("gw2", ConditionType.INGRESS_READY, "True", ConditionReasons.CREATED);
    client.resources(WebhookEndpoint.class).inNamespace(NS).withName("gw").delete();
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(get("gw")).isNull();
      assertThat(httpRoute("gw")).isEmpty();
    });
    assertThat(httpRoute("gw2")).isPresent();
    assertThat(referenceGrant()).as("still used by gw2").isPresent();

    // The last one: its route and the grant go.
    client.resources(WebhookEndpoint.class).inNamespace(NS).withName("gw2").delete();
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(get("gw2")).isNull();
      assertThat(httpRoute("gw2")).isEmpty();
      assertThat(referenceGrant()).isEmpty();
    });
  }

  @Test
  void switchingFromGatewayToIngressRemovesTheHttpRouteAndTheGrant() {
    client.secrets().inNamespace(NS).resource(signingSecret("shared", "token", "v")).create();
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(gatewayEndpoint("moving", null)).create();
    awaitCondition("moving", ConditionType.INGRESS_READY, "True", ConditionReasons.CREATED);
    assertThat(httpRoute("moving")).isPresent();

    editEndpoint("moving", e -> {
          e.getSpec().setGateway(null);
          return e;
        });

    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(ingress("moving")).isPresent();
      assertThat(httpRoute("moving")).isEmpty();
      assertThat(referenceGrant()).isEmpty();
    });
  }

  @Test
  void aGatewayEndpointWithoutTheGatewayApiReportsGatewayApiNotInstalled() {
    operator.close();
    operator = HookgateOperator.start(client, settings, clock, GatewayApi.NOT_INSTALLED);
    client.secrets().inNamespace(NS).resource(signingSecret("shared", "token", "v")).create();
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(gatewayEndpoint("gw", null)).create();
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(endpoint("plain", ProviderType.GITHUB, "shared", 8080)).create();

    WebhookEndpoint endpoint =
        awaitCondition("gw", ConditionType.INGRESS_READY, "False", ConditionReasons.GATEWAY_API_NOT_INSTALLED);
    assertThat(endpoint.getStatus().condition(ConditionType.READY).orElseThrow().getStatus()).isEqualTo("False");
    assertThat(endpoint.getStatus().condition(ConditionType.INGRESS_READY).orElseThrow().getMessage())
        .contains("install");
    // Endpoints on an Ingress are not affected.
    awaitCondition("plain", ConditionType.READY, "True", ConditionReasons.READY);
    assertThat(httpRoute("gw")).isEmpty();
    assertThat(referenceGrant()).isEmpty();
  }

  private void setRouteVerdict(String endpointName, String sectionName, String accepted, String reason,
      String message) {
    client.resources(HTTPRoute.class).inNamespace(NS).withName(HTTPRouteBuilder.name(endpointName))
        .editStatus(route -> {
          route.setStatus(new HTTPRouteStatusBuilder()
              .addNewParent()
              .withControllerName("example.com/gateway-controller")
              .withNewParentRef()
              .withGroup("gateway.networking.k8s.io").withKind("Gateway")
              .withNamespace("gateway-system").withName("public").withSectionName(sectionName)
              .endParentRef()
              .withConditions(new io.fabric8.kubernetes.api.model.ConditionBuilder()
                  .withType("Accepted").withStatus(accepted).withReason(reason).withMessage(message)
                  .withLastTransitionTime(Instant.now().toString()).withObservedGeneration(1L)
                  .build())
              .endParent()
              .build());
          return route;
        });
  }

  private Optional<HTTPRoute> httpRoute(String endpointName) {
    return Optional.ofNullable(client.resources(HTTPRoute.class).inNamespace(NS)
        .withName(HTTPRouteBuilder.name(endpointName)).get());
  }

  private Optional<ReferenceGrant> referenceGrant() {
    return Optional.ofNullable(client.resources(ReferenceGrant.class).inNamespace(settings.receiverNamespace())
        .withName(ReferenceGrantBuilder.name(NS)).get());
  }

  private static WebhookEndpoint gatewayEndpoint(String name, String sectionName) {
    WebhookEndpoint endpoint = endpoint(name, ProviderType.GITHUB, "shared", 8080);
    endpoint.getSpec().setGateway(new GatewaySpec("public", "gateway-system", sectionName, null));
    return endpoint;
  }

  private static String compilerMessage(String filter) {
    try {
      FilterExpression.compile(filter);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("'" + filter + "' compiled");
  }

  private WebhookEndpoint awaitCondition(String name, ConditionType type, String status, String reason) {
    return new Endpoints(client, NS, TIMEOUT).awaitCondition(name, type, status, reason);
  }

  private WebhookEndpoint get(String name) {
    return new Endpoints(client, NS, TIMEOUT).get(name);
  }

  private Secret routesSecret() {
    return client.secrets().inNamespace(settings.receiverNamespace()).withName(settings.routesSecretName()).get();
  }

  private RoutingTable routes() {
    Secret secret = routesSecret();
    assertThat(secret).as("routes Secret").isNotNull();
    return RoutesSecretBuilder.currentTable(secret);
  }

  private RoutingTable routesTableOrEmpty() {
    return RoutesSecretBuilder.currentTable(routesSecret());
  }

  private Optional<Ingress> ingress(String endpointName) {
    return Optional.ofNullable(client.network().v1().ingresses().inNamespace(settings.receiverNamespace())
        .withName(IngressBuilder.name(NS, endpointName)).get());
  }

  /**
   * Edits an endpoint the way kubectl edit does (optimistically locked), again when the operator's own status write
   * got in between (409).
   */
  private void editEndpoint(String name, UnaryOperator<WebhookEndpoint> change) {
    await().atMost(TIMEOUT)
        .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(() -> client.resources(WebhookEndpoint.class).inNamespace(NS).withName(name).edit(change) != null);
  }

  private List<Event> events(String endpointName) {
    return new Endpoints(client, NS, TIMEOUT).events(endpointName);
  }

  private static Secret signingSecret(String name, String key, String value) {
    return new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build())
        .addToData(key, java.util.Base64.getEncoder().encodeToString(value.getBytes()))
        .build();
  }

  private static WebhookEndpoint endpoint(String name, ProviderType type, String secretName, int port) {
    WebhookEndpoint endpoint = new WebhookEndpoint();
    endpoint.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build());
    WebhookEndpointSpec spec = new WebhookEndpointSpec();
    ProviderSpec provider = new ProviderSpec();
    provider.setType(type);
    spec.setProvider(provider);
    spec.setSigningSecretRef(new SecretKeyRef(secretName, "token"));
    spec.setTarget(new TargetSpec(new TargetSpec.ServiceRef("ci", port), "/github"));
    endpoint.setSpec(spec);
    return endpoint;
  }
}
