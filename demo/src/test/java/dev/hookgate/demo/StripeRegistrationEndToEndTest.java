package dev.hookgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.net.Webhook;
import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.provider.fake.FakeStripeApi;
import dev.hookgate.operator.testing.StripeEndpoints;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stripe registration end to end: the real operator with the real Stripe registrar against a fake Stripe API on
 * loopback, the real receiver in its own JVM, and a sample target. The secret Stripe issues on create must land in
 * the signing Secret and be the one the receiver verifies deliveries with.
 */
class StripeRegistrationEndToEndTest {

  private static final String NAMESPACE = "payments";
  private static final String API_KEY = "sk_test_e2e_4eC39HqLyjWDarjtT1zdp7dc";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static LocalStack stack;
  private static KubernetesClient client;
  private static FakeStripeApi stripe;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startStack() throws Exception {
    stripe = new FakeStripeApi(API_KEY);
    stripe.seedUnrelated(120);
    stack = LocalStack.start(ReceiverProcess.locateJar(), LocalStack.Progress.SILENT);
    client = stack.kubernetes().client();
    stack.kubernetes().createNamespace(NAMESPACE);
    client.secrets().inNamespace(NAMESPACE).resource(StripeEndpoints.credentials(NAMESPACE, API_KEY)).create();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
    if (stripe != null) {
      stripe.close();
    }
  }

  @Test
  void withoutASigningSecretRefTheIssuedSecretGoesIntoAGeneratedSecretOwnedByTheEndpoint() throws Exception {
    client.resource(endpoint("invoices", null)).create();

    WebhookEndpoint ready = awaitReady("invoices");
    Secret signing = client.secrets().inNamespace(NAMESPACE).withName("invoices-signing").get();
    assertThat(signing.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(ready.getMetadata().getUid()));
    String secret = assertRegisteredWithTheIssuedSecret(ready, signing, "secret");

    assertDeliveriesVerifyWithExactlyThatSecret(ready, secret, "/invoices");
    assertDeletionRemovesTheStripeEndpoint(ready);
  }

  @Test
  void aSigningSecretRefNamingNoSecretYetIsCreatedWithTheIssuedSecret() throws Exception {
    assertThat(client.secrets().inNamespace(NAMESPACE).withName("charges-whsec").get()).isNull();
    client.resource(endpoint("charges", "charges-whsec")).create();

    WebhookEndpoint ready = awaitReady("charges");
    Secret signing = client.secrets().inNamespace(NAMESPACE).withName("charges-whsec").get();
    // Named by the user, so not owned by the endpoint: it outlives it like any Secret the user names.
    assertThat(signing.getMetadata().getOwnerReferences()).isNullOrEmpty();
    String secret = assertRegisteredWithTheIssuedSecret(ready, signing, "whsec");

    assertDeliveriesVerifyWithExactlyThatSecret(ready, secret, "/charges");
    assertDeletionRemovesTheStripeEndpoint(ready);
  }

  /** Exactly one endpoint of ours at the fake Stripe, as the spec asks; its issued secret is the stored one. */
  private String assertRegisteredWithTheIssuedSecret(WebhookEndpoint ready, Secret signing, String key) {
    String url = ready.getStatus().getUrl();
    assertThat(url).startsWith(stack.receiver().publicUri() + "/h/");
    List<JsonNode> ours = stripe.endpointsAt(url);
    assertThat(ours).singleElement().satisfies(endpoint -> {
      assertThat(endpoint.path("id").asText()).isEqualTo(ready.getStatus().getProvider().getHookId());
      assertThat(endpoint.path("status").asText()).isEqualTo("enabled");
      assertThat(endpoint.path("metadata").path("hookgate_endpoint").asText())
          .isEqualTo(NAMESPACE + "/" + ready.getMetadata().getName());
      assertThat(endpoint.path("enabled_events")).extracting(JsonNode::asText)
          .containsExactlyInAnyOrder("charge.succeeded", "invoice.paid");
    });
    assertThat(stripe.requests())
        .filteredOn(r -> r.method().equals("POST") && r.rawPath().equals("/v1/webhook_endpoints"))
        .filteredOn(r -> r.form().getOrDefault("url", List.of()).contains(url))
        .hasSize(1);
    assertThat(ready.getStatus().condition(ConditionType.PROVIDER_REGISTERED).orElseThrow().getReason())
        .isEqualTo(ConditionReasons.REGISTERED);

    String stored = new String(Base64.getDecoder().decode(signing.getData().get(key)), StandardCharsets.UTF_8);
    assertThat(stored).startsWith("whsec_").isEqualTo(stripe.secretOf(ready.getStatus().getProvider().getHookId()));
    return stored;
  }

  private void assertDeliveriesVerifyWithExactlyThatSecret(WebhookEndpoint ready, String secret, String path)
      throws Exception {
    URI url = URI.create(ready.getStatus().getUrl());
    String eventId = "evt_" + ready.getMetadata().getName();
    byte[] body = ("{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"invoice.paid\","
        + "\"data\":{\"object\":{\"id\":\"in_1\",\"amount_paid\":4200,\"note\":\"caf\u00e9 \u2603\"}}}")
        .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> forged = send(url, body, "whsec_someoneelses0123456789abcdef");
    assertThat(forged.statusCode()).isEqualTo(401);

    HttpResponse<String> genuine = send(url, body, secret);
    assertThat(genuine.statusCode()).isBetween(200, 299);
    SampleTarget.ReceivedRequest delivered =
        await().atMost(WAIT).until(() -> deliveredTo(path), received -> !received.isEmpty()).get(0);
    assertThat(delivered.body()).isEqualTo(body);
    assertThat(delivered.headers())
        .containsEntry("x-hookgate-endpoint", NAMESPACE + "/" + ready.getMetadata().getName())
        .containsEntry("x-hookgate-event-type", "invoice.paid")
        .containsKey("stripe-signature");
    // The forgery was answered before the genuine delivery was sent: had it been forwarded, it would be here too.
    assertThat(deliveredTo(path)).hasSize(1);
  }

  /** The finalizer deletes the Stripe endpoint, then lets the WebhookEndpoint go. */
  private void assertDeletionRemovesTheStripeEndpoint(WebhookEndpoint ready) {
    String name = ready.getMetadata().getName();
    String hookId = ready.getStatus().getProvider().getHookId();
    client.resources(WebhookEndpoint.class).inNamespace(NAMESPACE).withName(name).delete();

    await().atMost(WAIT).until(() -> client.resources(WebhookEndpoint.class).inNamespace(NAMESPACE).withName(name)
        .get() == null);
    assertThat(stripe.endpointsAt(ready.getStatus().getUrl())).isEmpty();
    assertThat(stripe.requests())
        .filteredOn(r -> r.method().equals("DELETE") && r.rawPath().equals("/v1/webhook_endpoints/" + hookId))
        .hasSize(1);
  }

  private List<SampleTarget.ReceivedRequest> deliveredTo(String path) {
    return stack.target().received().stream().filter(r -> r.path().equals(path)).toList();
  }

  /** Posts {@code body} the way Stripe does: JSON, {@code Stripe-Signature: t=..,v1=..} made by stripe-java. */
  private HttpResponse<String> send(URI url, byte[] body, String secret) throws Exception {
    String payload = new String(body, StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
        .header("Stripe-Signature", Webhook.Signature.generateSignatureHeader(payload, secret))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static WebhookEndpoint awaitReady(String name) {
    return await().atMost(WAIT).until(
        () -> client.resources(WebhookEndpoint.class).inNamespace(NAMESPACE).withName(name).get(),
        endpoint -> endpoint != null && endpoint.getStatus() != null
            && endpoint.getStatus().condition(ConditionType.READY).filter(c -> "True".equals(c.getStatus())).isPresent());
  }

  private static WebhookEndpoint endpoint(String name, String signingSecretName) {
    return StripeEndpoints.registered(name, NAMESPACE, stripe.baseUrl(), signingSecretName,
        List.of("invoice.paid", "charge.succeeded"), "/" + name);
  }
}
