package dev.hookgate.operator.provider.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.provider.ApiRegistrarContract;
import dev.hookgate.operator.provider.ProviderRegistrar;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.RegistrationResult.Change;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.fake.FakeReply;
import dev.hookgate.operator.provider.fake.FakeRequest;
import dev.hookgate.operator.provider.fake.FakeStripeApi;
import dev.hookgate.operator.provider.fake.LoopbackFakeApi;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class StripeRegistrarTest extends ApiRegistrarContract {

  private static final String API_KEY = "rk_test_51HookgateRestrictedKey0123";

  private FakeStripeApi stripe;
  /** What the operator stored in the signing Secret: the secret Stripe issued last. */
  private String storedSecret;
  private final List<String> issued = new ArrayList<>();

  StripeRegistrarTest() {
    super(Map.of("apiKey", API_KEY), Map.of("apiKey", "rk_test_revoked0000000000"), null);
  }

  @Override
  protected LoopbackFakeApi startFake() {
    stripe = new FakeStripeApi(API_KEY);
    return stripe;
  }

  @Override
  protected ProviderRegistrar newRegistrar(ProviderApis apis) {
    return new StripeRegistrar(apis);
  }

  @Override
  protected String endpointYaml() {
    return yaml("[\"invoice.paid\", \"payment_intent.succeeded\"]");
  }

  private String yaml(String events) {
    return """
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: hooks, namespace: team}
        spec:
          provider:
            type: stripe
            stripe: {apiBaseUrl: "%s", toleranceSeconds: 300, credentialsSecretRef: {name: provider-api}}
          signingSecretRef: {name: stripe-whsec, key: secret}
          events: %s
          target: {service: {name: t, port: 80}}
        """.formatted(stripe.baseUrl(), events);
  }

  @Override
  protected String signingSecret() {
    return storedSecret;
  }

  @Override
  protected void secretIssued(String secret) {
    storedSecret = secret;
    issued.add(secret);
  }

  @Override
  protected List<String> secretValues() {
    List<String> values = new ArrayList<>(issued);
    values.add(API_KEY);
    return values;
  }

  @Override
  protected void seedUnrelated(int count) {
    stripe.seedUnrelated(count);
  }

  @Override
  protected List<String> ourHookIds() {
    return stripe.endpointsAt(URL.toString()).stream().map(endpoint -> endpoint.path("id").asText()).toList();
  }

  @Override
  protected void assertHookMatchesEndpoint(String hookId, RegistrationResult.Registered result) {
    JsonNode endpoint = stripe.endpointsAt(URL.toString()).get(0);
    assertThat(endpoint.path("id").asText()).isEqualTo(hookId);
    assertThat(strings(endpoint.path("enabled_events"))).containsExactly("invoice.paid", "payment_intent.succeeded");
    assertThat(endpoint.path("metadata").path("hookgate_endpoint").asText()).isEqualTo("team/hooks");
    assertThat(endpoint.path("status").asText()).isEqualTo("enabled");
    assertThat(endpoint.has("secret")).as("Stripe shows the secret only on create").isFalse();
    if (result.change() == Change.UPDATED || result.change() == Change.UNCHANGED) {
      assertThat(result.issuedSecret()).isNull();
    } else {
      assertThat(result.issuedSecret()).startsWith("whsec_").isEqualTo(stripe.secretOf(hookId));
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  @Override
  protected void deleteAtProvider(String hookId) {
    stripe.deleteEndpoint(hookId);
  }

  @Override
  protected void changeEventsAtProvider(String hookId) {
    stripe.change(hookId, "enabled_events", List.of("invoice.paid"));
  }

  @Override
  protected boolean isListRequest(FakeRequest request) {
    return request.isRead() && request.rawPath().equals("/v1/webhook_endpoints");
  }

  /** Stripe's 429 names no reset time: the operator's backoff decides. */
  @Override
  protected FakeReply rateLimitedReply() {
    return FakeReply.json(429, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"rate_limit\","
        + "\"message\":\"Too many requests hit the API too quickly.\"}}");
  }

  @Override
  protected Instant rateLimitReset() {
    return null;
  }

  @Override
  protected FakeReply refusalEchoingSecrets() {
    return FakeReply.json(400, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid key "
        + API_KEY + "\"}}");
  }

  @Test
  void theIssuedSecretIsReturnedOnceAndVerifiesADeliverySignedWithIt() throws Exception {
    RegistrationResult.Registered created = registered(register(request(null)), Change.CREATED);
    assertThat(created.issuedSecret()).startsWith("whsec_");

    String payload = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"data\":{\"object\":{}}}";
    long timestamp = Instant.now().getEpochSecond();
    String header = "t=" + timestamp + ",v1=" + hmacHex(stripe.secretOf(created.hookId()), timestamp + "." + payload);

    Event event = Webhook.constructEvent(payload, header, created.issuedSecret());
    assertThat(event.getId()).isEqualTo("evt_1");
    assertThatThrownBy(() -> Webhook.constructEvent(payload, header, "whsec_someoneelses"))
        .isInstanceOf(SignatureVerificationException.class);

    RegistrationResult.Registered again = registered(register(request(created.hookId())), Change.UNCHANGED);
    assertThat(again.issuedSecret()).isNull();
  }

  @Test
  void anEndpointWhoseSecretWasLostIsReplacedNotDuplicated() {
    String first = registered(register(request(null)), Change.CREATED).hookId();
    String firstSecret = storedSecret;
    storedSecret = null; // the operator crashed before writing it into the Secret

    RegistrationResult.Registered replaced = registered(register(request(null)), Change.REPLACED);

    assertThat(replaced.hookId()).isNotEqualTo(first);
    assertThat(replaced.issuedSecret()).startsWith("whsec_").isNotEqualTo(firstSecret)
        .isEqualTo(stripe.secretOf(replaced.hookId()));
    assertThat(replaced.detail()).contains(first).contains(replaced.hookId()).contains("signing secret");
    assertThat(ourHookIds()).containsExactly(replaced.hookId());
    assertThat(stripe.secretOf(first)).isNull();
  }

  @Test
  void aDisabledEndpointIsReEnabled() {
    String id = registered(register(request(null)), Change.CREATED).hookId();
    stripe.change(id, "status", "disabled");

    assertThat(registered(register(request(id)), Change.UPDATED).detail()).contains("disabled");
    assertThat(stripe.endpointsAt(URL.toString()).get(0).path("status").asText()).isEqualTo("enabled");
    assertThat(storedSecret).isEqualTo(stripe.secretOf(id));
  }

  @Test
  void anEndpointAtOurUrlWithoutOurMarkerIsLeftAlone() {
    String foreign = registered(register(request(null)), Change.CREATED).hookId();
    stripe.change(foreign, "metadata", Map.of("hookgate_endpoint", "other/endpoint"));
    stripe.clearRequests();

    String ours = registered(register(request(null)), Change.CREATED).hookId();

    assertThat(ours).isNotEqualTo(foreign);
    assertThat(stripe.requests()).noneSatisfy(request -> assertThat(request.rawPath()).endsWith(foreign));
    assertThat(stripe.endpointsAt(URL.toString())).hasSize(2);
  }

  @Test
  void globsSubscribeToEveryEventBecauseStripeTakesNone() {
    WebhookEndpoint endpoint = endpointFrom(yaml("[\"invoice.*\"]"));

    String id = registered(register(request(endpoint, null, credentials(), null)), Change.CREATED).hookId();

    assertThat(strings(stripe.endpointsAt(URL.toString()).get(0).path("enabled_events"))).containsExactly("*");
    FakeRequest create = stripe.requests().stream().filter(request -> request.method().equals("POST")).findFirst()
        .orElseThrow();
    assertThat(create.header("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/x-www-form-urlencoded"));
    assertThat(create.form()).containsEntry("enabled_events[]", List.of("*"))
        .containsEntry("metadata[hookgate_endpoint]", List.of("team/hooks"));
    assertThat(id).startsWith("we_");
  }

  @Test
  void deregisteringWithoutARecordedIdFindsOurEndpointByUrlAndMarker() {
    String id = registered(register(request(null)), Change.CREATED).hookId();

    RegistrationResult result = deregister(request(null));

    assertThat(result).isInstanceOf(RegistrationResult.Deregistered.class);
    assertThat(((RegistrationResult.Deregistered) result).detail()).contains("deleted").contains(id);
    assertThat(ourHookIds()).isEmpty();
  }

  @Test
  void aMissingApiKeyIsCredentialsInvalidWithoutACall() {
    failed(register(request(endpoint(), null, Map.of("secretKey", "x"), null)), FailureKind.CREDENTIALS_INVALID);
    assertThat(stripe.requests()).isEmpty();
  }

  private static String hmacHex(String secret, String content) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
  }
}
