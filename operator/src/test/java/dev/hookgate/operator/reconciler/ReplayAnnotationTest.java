package dev.hookgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.operator.HookgateOperator;
import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.ProviderSpec;
import dev.hookgate.operator.api.ReplayStatus;
import dev.hookgate.operator.api.SecretKeyRef;
import dev.hookgate.operator.api.TargetSpec;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.api.WebhookEndpointSpec;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.testing.Endpoints;
import dev.hookgate.operator.testing.FakeReceiver;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.ReceiverStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code hookgate.dev/replay} annotation against the Fabric8 mock server, with two fake receivers (each
 * receiver pod has its own store): every receiver is asked once per request, and the status and Events say how it
 * went.
 */
@EnableKubernetesMockClient(crud = true)
class ReplayAnnotationTest {

  private static final String NS = "shop";
  private static final String NAME = "payments";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  KubernetesClient client;

  private FakeReceiver first;
  private FakeReceiver second;
  private HookgateOperator operator;
  private Endpoints endpoints;

  @BeforeEach
  void start() {
    endpoints = Endpoints.withCrdInstalled(client, NS, TIMEOUT);
    first = new FakeReceiver(client, null);
    second = new FakeReceiver(client, null);
    // 7 dead letters between them, in the status from the endpoint's first reconciles on
    first.reportDeliveries(new ReceiverStatus.DeliveryCounts(10, 7, 0, 3, null, "HTTP 500", null));
    second.reportDeliveries(new ReceiverStatus.DeliveryCounts(10, 6, 0, 4, null, "HTTP 500", null));
    OperatorSettings settings = OperatorSettings.builder()
        .serverSideApply(false)
        .publicBaseUrl("https://hooks.example.com")
        .receiverStatusUrls(List.of(first.url(), second.url()))
        .pendingRecheck(Duration.ofMillis(200))
        .build();
    operator = HookgateOperator.start(client, settings, java.time.Clock.systemUTC(), GatewayApi.NOT_INSTALLED);
    client.secrets().inNamespace(NS).resource(new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withNamespace(NS).withName("payments-signing").build())
        .addToData("token", Base64.getEncoder().encodeToString("s3cr3t-value".getBytes(StandardCharsets.UTF_8)))
        .build()).create();
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(endpoint()).create();
    endpoints.awaitCondition(NAME, ConditionType.READY, "True", ConditionReasons.READY);
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    first.close();
    second.close();
  }

  @Test
  void everyReceiverReplaysTheEndpointsDeadLettersOncePerRequest() {
    assertThat(deadLettered()).isEqualTo(7);
    first.answerReplays(200, 3);
    second.answerReplays(200, 4);

    annotate("2026-11-22T10:00:00Z", null);

    ReplayStatus done = awaitReplay(replay -> "2026-11-22T10:00:00Z".equals(replay.getRequested())
        && replay.getTime() != null);
    assertThat(done.getReplayed()).isEqualTo(7);
    assertThat(done.getReceivers()).isEqualTo(2);
    assertThat(done.getSince()).isNull();
    assertThat(done.getMessage()).isNull();
    assertThat(first.replayRequests()).containsExactly("{\"endpoint\":\"shop/payments\"}");
    assertThat(second.replayRequests()).containsExactly("{\"endpoint\":\"shop/payments\"}");
    // The receivers deliver them: the status shows it within seconds of the replay, not at the next resync.
    first.reportDeliveries(new ReceiverStatus.DeliveryCounts(10, 10, 0, 0, null, null, null));
    second.reportDeliveries(new ReceiverStatus.DeliveryCounts(10, 10, 0, 0, null, null, null));
    await().atMost(Duration.ofSeconds(15)).until(() -> deadLettered() == 0);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events())
        .filteredOn(event -> ReplayStep.REPLAYED.equals(event.getReason()))
        .singleElement()
        .satisfies(event -> {
          assertThat(event.getType()).isEqualTo("Normal");
          assertThat(event.getMessage()).isEqualTo("Replayed 7 dead letter(s) on 2 receiver(s)");
        }));

    // Reconciles for other reasons (a spec change, observed below) do not replay the same request again.
    edit(endpoint -> {
      endpoint.getSpec().getTarget().setPath("/payments");
      return endpoint;
    });
    await().atMost(TIMEOUT).until(() -> endpoints.get(NAME).getStatus().getObservedGeneration() == 2);
    assertThat(first.replayRequests()).hasSize(1);
    assertThat(second.replayRequests()).hasSize(1);
  }

  @Test
  void aReceiverThatDoesNotAnswerIsNamedAndTheOthersStillReplay() {
    first.answerReplays(200, 5);
    second.close();

    annotate("again", "2026-11-01T00:00:00Z");

    ReplayStatus done = awaitReplay(replay -> "again".equals(replay.getRequested()) && replay.getTime() != null);
    assertThat(done.getReplayed()).isEqualTo(5);
    assertThat(done.getReceivers()).isEqualTo(1);
    assertThat(done.getSince()).isEqualTo("2026-11-01T00:00:00Z");
    assertThat(done.getMessage()).startsWith("1 of 2 receivers did not replay: " + second.url() + " did not answer")
        .endsWith("set hookgate.dev/replay to a new value to ask again");
    assertThat(first.replayRequests())
        .containsExactly("{\"endpoint\":\"shop/payments\",\"since\":\"2026-11-01T00:00:00Z\"}");
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events())
        .filteredOn(event -> ReplayStep.REPLAY_FAILED.equals(event.getReason()))
        .singleElement()
        .satisfies(event -> {
          assertThat(event.getType()).isEqualTo("Warning");
          assertThat(event.getMessage())
              .startsWith("Replayed 5 dead letter(s) received since 2026-11-01T00:00:00Z on 1 receiver(s); 1 of 2");
        }));
  }

  @Test
  void whenNoReceiverAnswersTheRequestIsRetriedUntilOneDoes() {
    first.answerReplays(503, 0);
    second.answerReplays(503, 0);

    annotate("retry-me", null);

    ReplayStatus waiting = awaitReplay(replay -> "retry-me".equals(replay.getRequested()));
    assertThat(waiting.getTime()).isNull();
    assertThat(waiting.getReceivers()).isZero();
    assertThat(waiting.getMessage()).isEqualTo("no receiver answered: " + first.url() + " answered HTTP 503, "
        + second.url() + " answered HTTP 503; retrying");

    first.answerReplays(200, 2);
    second.answerReplays(200, 0);
    ReplayStatus done = awaitReplay(replay -> "retry-me".equals(replay.getRequested()) && replay.getTime() != null);
    assertThat(done.getReplayed()).isEqualTo(2);
    assertThat(done.getReceivers()).isEqualTo(2);
    assertThat(done.getMessage()).isNull();
    assertThat(first.replayRequests()).hasSizeGreaterThanOrEqualTo(2);
    // one Warning for the request, not one per retry
    assertThat(events()).filteredOn(event -> ReplayStep.REPLAY_FAILED.equals(event.getReason())).hasSize(1);
  }

  @Test
  void withNoReceiverPodsTheRequestWaitsAndSaysSo() {
    // An operator that finds its receivers through EndpointSlices, of which there are none: no receiver pods.
    operator.close();
    operator = HookgateOperator.start(client, OperatorSettings.builder()
        .serverSideApply(false)
        .publicBaseUrl("https://hooks.example.com")
        .pendingRecheck(Duration.ofMillis(200))
        .build(), java.time.Clock.systemUTC(), GatewayApi.NOT_INSTALLED);

    annotate("nobody-home", null);

    ReplayStatus waiting = awaitReplay(replay -> "nobody-home".equals(replay.getRequested()));
    assertThat(waiting.getTime()).isNull();
    assertThat(waiting.getMessage()).isEqualTo("no receiver pods found; retrying");
    assertThat(first.replayRequests()).isEmpty();
    assertThat(second.replayRequests()).isEmpty();
  }

  @Test
  void anUnreadableSinceIsReportedAndNothingIsReplayed() {
    annotate("bad-since", "yesterday");

    ReplayStatus refused = awaitReplay(replay -> "bad-since".equals(replay.getRequested()));
    assertThat(refused.getMessage())
        .isEqualTo("hookgate.dev/replay-since is not an RFC 3339 time (yesterday), e.g. 2026-01-01T00:00:00Z:"
            + " nothing was replayed");
    assertThat(refused.getReplayed()).isNull();
    assertThat(first.replayRequests()).isEmpty();
    assertThat(second.replayRequests()).isEmpty();

    // Fixing the time is a new request, even with the same token.
    annotate("bad-since", "2026-01-01T00:00:00Z");
    ReplayStatus done = awaitReplay(replay -> "2026-01-01T00:00:00Z".equals(replay.getSince())
        && replay.getTime() != null && replay.getMessage() == null);
    assertThat(done.getReceivers()).isEqualTo(2);
    assertThat(first.replayRequests()).hasSize(1);
  }

  private void annotate(String token, String since) {
    edit(endpoint -> {
      if (endpoint.getMetadata().getAnnotations() == null) {
        endpoint.getMetadata().setAnnotations(new HashMap<>());
      }
      endpoint.getMetadata().getAnnotations().put(WebhookEndpoint.REPLAY, token);
      if (since == null) {
        endpoint.getMetadata().getAnnotations().remove(WebhookEndpoint.REPLAY_SINCE);
      } else {
        endpoint.getMetadata().getAnnotations().put(WebhookEndpoint.REPLAY_SINCE, since);
      }
      return endpoint;
    });
  }

  private void edit(UnaryOperator<WebhookEndpoint> change) {
    await().atMost(TIMEOUT)
        .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(() -> client.resources(WebhookEndpoint.class).inNamespace(NS).withName(NAME).edit(change) != null);
  }

  private ReplayStatus awaitReplay(Predicate<ReplayStatus> condition) {
    return await().atMost(TIMEOUT).until(() -> endpoints.get(NAME).getStatus().getReplay(),
        replay -> replay != null && condition.test(replay));
  }

  private long deadLettered() {
    var deliveries = endpoints.get(NAME).getStatus().getDeliveries();
    return deliveries == null || deliveries.getDeadLettered() == null ? -1 : deliveries.getDeadLettered();
  }

  private List<Event> events() {
    return endpoints.events(NAME);
  }

  /** shop/payments: a GitHub endpoint, its signing secret in Secret payments-signing. */
  static WebhookEndpoint endpoint() {
    WebhookEndpoint endpoint = new WebhookEndpoint();
    endpoint.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(NAME).build());
    WebhookEndpointSpec spec = new WebhookEndpointSpec();
    ProviderSpec provider = new ProviderSpec();
    provider.setType(ProviderType.GITHUB);
    spec.setProvider(provider);
    spec.setSigningSecretRef(new SecretKeyRef("payments-signing", "token"));
    spec.setTarget(new TargetSpec(new TargetSpec.ServiceRef("payments", 8080), "/events"));
    endpoint.setSpec(spec);
    return endpoint;
  }
}
