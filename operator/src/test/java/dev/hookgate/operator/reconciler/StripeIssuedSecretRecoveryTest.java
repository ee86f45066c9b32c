package dev.hookgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.operator.HookgateOperator;
import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.provider.fake.FakeRequest;
import dev.hookgate.operator.provider.fake.FakeStripeApi;
import dev.hookgate.operator.testing.Endpoints;
import dev.hookgate.operator.testing.FakeReceiver;
import dev.hookgate.operator.testing.StripeEndpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe shows an endpoint's signing secret only in the reply to the create. The operator loses that reply when
 * the write of the secret into the signing Secret fails right after Stripe created the endpoint (the API server
 * refuses it once, as it would for a crash between the two): it must recover to exactly one Stripe endpoint whose
 * secret is the stored one, and say that it replaced the orphan.
 */
@EnableKubernetesMockClient(crud = true)
class StripeIssuedSecretRecoveryTest {

  private static final String NS = "shop";
  private static final String API_KEY = "sk_test_recovery_51Hc9kQ2eZvKYlo2C";
  private static final String ENDPOINTS = "/v1/webhook_endpoints";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  KubernetesClient client;
  KubernetesMockServer server;

  private FakeStripeApi stripe;
  private FakeReceiver receiver;
  private HookgateOperator operator;
  private Endpoints endpoints;

  @BeforeEach
  void start() {
    endpoints = Endpoints.withCrdInstalled(client, NS, TIMEOUT);
    stripe = new FakeStripeApi(API_KEY);
    stripe.seedUnrelated(30);
    receiver = new FakeReceiver(client, Instant.parse("2025-02-03T04:05:06Z"));
    client.secrets().inNamespace(NS).resource(StripeEndpoints.credentials(NS, API_KEY)).create();
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    receiver.close();
    stripe.close();
  }

  @Test
  void aFailedWriteOfTheIssuedSecretEndsWithOneStripeEndpointWhoseSecretIsStored() {
    // The only Secret created in the namespace after the credentials is the signing Secret: refuse the first try.
    server.expect().post().withPath("/api/v1/namespaces/" + NS + "/secrets")
        .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
            .withMessage("secrets is forbidden: the write was lost").build())
        .once();
    operator = HookgateOperator.start(client, settings(), Clock.systemUTC(), GatewayApi.NOT_INSTALLED);
    client.resource(StripeEndpoints.registered("payments", NS, stripe.baseUrl(), null, List.of("invoice.paid"), "/stripe"))
        .create();

    WebhookEndpoint ready = endpoints.awaitCondition("payments", ConditionType.READY, "True", ConditionReasons.READY);
    String url = ready.getStatus().getUrl();
    String survivor = ready.getStatus().getProvider().getHookId();

    // Two creates: the orphan whose secret was lost, then its replacement; the orphan was deleted.
    List<FakeRequest> creates = calls("POST", ENDPOINTS);
    assertThat(creates).hasSize(2);
    assertThat(calls("DELETE", null)).singleElement()
        .satisfies(delete -> assertThat(delete.rawPath()).startsWith(ENDPOINTS + "/").isNotEqualTo(ENDPOINTS + "/" + survivor));
    String orphan = calls("DELETE", null).get(0).rawPath().substring(ENDPOINTS.length() + 1);

    List<JsonNode> ours = stripe.endpointsAt(url);
    assertThat(ours).singleElement().satisfies(endpoint -> {
      assertThat(endpoint.path("id").asText()).isEqualTo(survivor);
      assertThat(endpoint.path("metadata").path("hookgate_endpoint").asText()).isEqualTo(NS + "/payments");
    });

    Secret signing = client.secrets().inNamespace(NS).withName("payments-signing").get();
    assertThat(signing.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(ready.getMetadata().getUid()));
    String stored = new String(Base64.getDecoder().decode(signing.getData().get("secret")), StandardCharsets.UTF_8);
    assertThat(stored).startsWith("whsec_").isEqualTo(stripe.secretOf(survivor));

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(endpoints.events("payments"))
        .filteredOn(e -> ConditionReasons.HOOK_REPLACED.equals(e.getReason()))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(orphan).contains(survivor)
            .contains("signing secret was never stored")));
    assertThat(endpoints.events("payments")).extracting(Event::getMessage)
        .allSatisfy(message -> assertThat(message).doesNotContain(stored).doesNotContain(API_KEY));
  }

  private List<FakeRequest> calls(String method, String path) {
    Predicate<FakeRequest> onPath = path == null ? r -> true : r -> r.rawPath().equals(path);
    return stripe.requests().stream().filter(r -> r.method().equals(method)).filter(onPath).toList();
  }

  private OperatorSettings settings() {
    return OperatorSettings.builder()
        .serverSideApply(false)
        .publicBaseUrl("https://hooks.example.com")
        .receiverStatusUrls(List.of(receiver.url()))
        .pendingRecheck(Duration.ofMillis(200))
        .resync(Duration.ofMillis(200))
        .build();
  }
}
