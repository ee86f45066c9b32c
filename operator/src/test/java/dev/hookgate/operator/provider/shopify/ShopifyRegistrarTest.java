package dev.hookgate.operator.provider.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.provider.ApiRegistrarContract;
import dev.hookgate.operator.provider.ProviderCredentials;
import dev.hookgate.operator.provider.ProviderRegistrar;
import dev.hookgate.operator.provider.RegistrationRequest;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.RegistrationResult.Change;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.fake.FakeJson;
import dev.hookgate.operator.provider.fake.FakeReply;
import dev.hookgate.operator.provider.fake.FakeRequest;
import dev.hookgate.operator.provider.fake.FakeShopifyApi;
import dev.hookgate.operator.provider.fake.LoopbackFakeApi;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopifyRegistrarTest extends ApiRegistrarContract {

  private static final String ACCESS_TOKEN = "shpat_0123456789abcdef0123456789abcdef";
  private static final String CLIENT_SECRET = "shopify-app-client-secret-42";

  private FakeShopifyApi shopify;

  ShopifyRegistrarTest() {
    super(Map.of("accessToken", ACCESS_TOKEN), Map.of("accessToken", "shpat_revoked000000000000"), CLIENT_SECRET);
  }

  @Override
  protected LoopbackFakeApi startFake() {
    shopify = new FakeShopifyApi(ACCESS_TOKEN);
    return shopify;
  }

  @Override
  protected ProviderRegistrar newRegistrar(ProviderApis apis) {
    return new ShopifyRegistrar(apis);
  }

  @Override
  protected String endpointYaml() {
    return yaml("[\"orders/create\", \"app/uninstalled\"]");
  }

  private String yaml(String events) {
    return """
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: hooks, namespace: team}
        spec:
          provider:
            type: shopify
            shopify:
              shopDomain: example.myshopify.com
              apiVersion: "%s"
              adminApiBaseUrl: "%s"
              credentialsSecretRef: {name: provider-api}
          signingSecretRef: {name: shopify-app, key: clientSecret}
          events: %s
          target: {service: {name: t, port: 80}}
        """.formatted(FakeShopifyApi.VERSION, shopify.adminApiBaseUrl(), events);
  }

  @Override
  protected void seedUnrelated(int count) {
    shopify.seedUnrelated(count);
  }

  /** The subscriptions at our URL, as the registrar names them: their ids in topic order, comma-separated. */
  @Override
  protected List<String> ourHookIds() {
    Map<String, List<String>> byTopic = shopify.subscriptionsAt(URL.toString());
    return byTopic.isEmpty() ? List.of()
        : List.of(String.join(",", byTopic.values().stream().flatMap(List::stream).toList()));
  }

  @Override
  protected void assertHookMatchesEndpoint(String hookId, RegistrationResult.Registered result) {
    Map<String, List<String>> byTopic = shopify.subscriptionsAt(URL.toString());
    assertThat(byTopic).containsOnlyKeys("APP_UNINSTALLED", "ORDERS_CREATE");
    assertThat(hookId).isEqualTo(byTopic.get("APP_UNINSTALLED").get(0) + "," + byTopic.get("ORDERS_CREATE").get(0));
    assertThat(result.issuedSecret()).as("Shopify signs with the app's client secret: nothing is issued").isNull();
  }

  @Override
  protected void deleteAtProvider(String hookId) {
    for (String id : hookId.split(",")) {
      shopify.deleteSubscription(id);
    }
  }

  /** Someone subscribes our URL to a topic the endpoint does not want. */
  @Override
  protected void changeEventsAtProvider(String hookId) {
    shopify.subscribe("CUSTOMERS_CREATE", URL.toString());
  }

  @Override
  protected boolean isListRequest(FakeRequest request) {
    return request.json().path("query").asText().contains("webhookSubscriptions(");
  }

  @Override
  protected boolean isWrite(FakeRequest request) {
    return request.json().path("query").asText().trim().startsWith("mutation");
  }

  /** 502 points of a 2,000-point bucket asked for, 2 left, 100 restored a second: 5 s until it fits. */
  @Override
  protected FakeReply rateLimitedReply() {
    return FakeShopifyApi.throttled(502, 2, 100);
  }

  @Override
  protected Instant rateLimitReset() {
    return NOW.plusSeconds(5);
  }

  @Override
  protected FakeReply refusalEchoingSecrets() {
    return FakeReply.json(200, "{\"errors\":[{\"message\":\"token " + ACCESS_TOKEN + " cannot query this\"}]}");
  }

  @Test
  void everyRequestIsAGraphqlPostWithTheAccessTokenAndTheSubscriptionsUseTheEndpointUrl() {
    registered(register(request(null)), Change.CREATED);

    assertThat(shopify.requests()).allSatisfy(request -> {
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.rawPath()).isEqualTo("/admin/api/2025-01/graphql.json");
      assertThat(request.header("X-Shopify-Access-Token")).contains(ACCESS_TOKEN);
    });
    assertThat(shopify.requests().stream().filter(this::isWrite).map(request -> request.json().path("variables")))
        .hasSize(2)
        .allSatisfy(variables -> {
          assertThat(variables.path("webhookSubscription").path("callbackUrl").asText()).isEqualTo(URL.toString());
          assertThat(variables.path("webhookSubscription").path("format").asText()).isEqualTo("JSON");
        })
        .extracting(variables -> variables.path("topic").asText())
        .containsExactly("APP_UNINSTALLED", "ORDERS_CREATE");
  }

  @Test
  void oneTopicDeletedAtShopifyIsSubscribedAgain() {
    String hookId = registered(register(request(null)), Change.CREATED).hookId();
    String ordersCreate = hookId.split(",")[1];
    shopify.deleteSubscription(ordersCreate);

    RegistrationResult.Registered result = registered(register(request(hookId)), Change.RECREATED);

    assertThat(result.hookId()).startsWith(hookId.split(",")[0] + ",").doesNotContain(ordersCreate);
    assertThat(ourHookIds()).containsExactly(result.hookId());
  }

  @Test
  void aNewUrlMovesTheSubscriptionsInsteadOfAddingOthers() {
    String hookId = registered(register(request(null)), Change.CREATED).hookId();
    URI moved = URI.create("https://hooks.example.net/h/0123456789abcdef0123456789abcdef");

    RegistrationResult.Registered result = registered(register(new RegistrationRequest(endpoint(), moved,
        CLIENT_SECRET, new ProviderCredentials("team/provider-api", credentials()), hookId)), Change.UPDATED);

    assertThat(result.hookId()).isEqualTo(hookId);
    assertThat(shopify.subscriptionsAt(URL.toString())).isEmpty();
    assertThat(shopify.subscriptionsAt(moved.toString())).containsOnlyKeys("APP_UNINSTALLED", "ORDERS_CREATE");
  }

  @Test
  void aTopicAddedToTheSpecIsSubscribedAndOneRemovedIsUnsubscribed() {
    String hookId = registered(register(request(null)), Change.CREATED).hookId();
    WebhookEndpoint endpoint = endpointFrom(yaml("[\"orders/create\", \"orders/paid\"]"));

    RegistrationResult.Registered result =
        registered(register(request(endpoint, CLIENT_SECRET, credentials(), hookId)), Change.UPDATED);

    assertThat(shopify.subscriptionsAt(URL.toString())).containsOnlyKeys("ORDERS_CREATE", "ORDERS_PAID");
    assertThat(result.hookId()).startsWith(hookId.split(",")[1] + ",");
    assertThat(result.detail()).contains("unsubscribed APP_UNINSTALLED").contains("subscribed ORDERS_PAID");
  }

  @Test
  void eventsThatAreNoShopifyTopicAreInvalidConfigurationWithoutACall() {
    for (String events : List.of("[\"orders/*\"]", "[]", "[\"orders.create\"]")) {
      RegistrationResult.Failed failed = failed(
          register(request(endpointFrom(yaml(events)), CLIENT_SECRET, credentials(), null)),
          FailureKind.INVALID_CONFIGURATION);
      assertThat(failed.message()).as(events).contains("Shopify");
    }
    assertThat(shopify.requests()).isEmpty();
  }

  @Test
  void aTopicShopifyDoesNotKnowIsInvalidConfiguration() {
    RegistrationResult.Failed failed = failed(
        register(request(endpointFrom(yaml("[\"orders/teleported\"]")), CLIENT_SECRET, credentials(), null)),
        FailureKind.INVALID_CONFIGURATION);

    assertThat(failed.message()).contains("ORDERS_TELEPORTED").contains("invalid value");
  }

  @Test
  void aTokenWithoutTheScopeIsCredentialsInvalid() {
    shopify.failNext(FakeReply.json(200, FakeJson.object().set("errors", FakeJson.array().add(FakeJson.object()
        .put("message", "Access denied for webhookSubscriptions field.")
        .set("extensions", FakeJson.object().put("code", "ACCESS_DENIED"))))));

    failed(register(request(null)), FailureKind.CREDENTIALS_INVALID);
  }

  @Test
  void deregisteringWithoutARecordedIdFindsTheSubscriptionsByUrl() {
    registered(register(request(null)), Change.CREATED);

    RegistrationResult result = deregister(request(null));

    assertThat(((RegistrationResult.Deregistered) result).detail()).contains("deleted 2");
    assertThat(ourHookIds()).isEmpty();
  }
}
