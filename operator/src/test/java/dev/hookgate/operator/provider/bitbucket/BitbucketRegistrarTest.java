package dev.hookgate.operator.provider.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.provider.ApiRegistrarContract;
import dev.hookgate.operator.provider.ProviderRegistrar;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.RegistrationResult.Change;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.fake.FakeBitbucketApi;
import dev.hookgate.operator.provider.fake.FakeJson;
import dev.hookgate.operator.provider.fake.FakeReply;
import dev.hookgate.operator.provider.fake.FakeRequest;
import dev.hookgate.operator.provider.fake.LoopbackFakeApi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BitbucketRegistrarTest extends ApiRegistrarContract {

  private static final String TOKEN = "bb-access-Token-0123456789";
  private static final String USERNAME = "ci-bot";
  private static final String APP_PASSWORD = "bb-app-Password-0123456789";
  private static final String SECRET = "bitbucket-hook-secret-9876543210";
  private static final String SCOPE = "repositories/acme/app";

  private FakeBitbucketApi bitbucket;

  BitbucketRegistrarTest() {
    super(Map.of("token", TOKEN), Map.of("username", USERNAME, "appPassword", "revoked-password-000"), SECRET);
  }

  @Override
  protected LoopbackFakeApi startFake() {
    bitbucket = new FakeBitbucketApi(TOKEN, USERNAME, APP_PASSWORD);
    bitbucket.addScope(SCOPE);
    bitbucket.addScope("workspaces/acme");
    return bitbucket;
  }

  @Override
  protected ProviderRegistrar newRegistrar(ProviderApis apis) {
    return new BitbucketRegistrar(apis);
  }

  @Override
  protected String endpointYaml() {
    return yaml("repository: app", "[\"repo:push\", \"pullrequest:*\"]");
  }

  private String yaml(String repository, String events) {
    return """
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: hooks, namespace: team}
        spec:
          provider:
            type: bitbucket
            bitbucket: {baseUrl: "%s", workspace: acme, %s credentialsSecretRef: {name: provider-api}}
          signingSecretRef: {name: hook-secret, key: secret}
          events: %s
          target: {service: {name: t, port: 80}}
        """.formatted(bitbucket.baseUrl(), repository.isEmpty() ? "" : repository + ",", events);
  }

  @Override
  protected List<String> secretValues() {
    return List.of(TOKEN, APP_PASSWORD, SECRET);
  }

  @Override
  protected void seedUnrelated(int count) {
    bitbucket.seedUnrelated(SCOPE, count);
  }

  @Override
  protected List<String> ourHookIds() {
    return bitbucket.hooksAt(SCOPE, URL.toString()).stream().map(hook -> hook.path("uuid").asText()).toList();
  }

  @Override
  protected void assertHookMatchesEndpoint(String hookId, RegistrationResult.Registered result) {
    JsonNode hook = bitbucket.hooksAt(SCOPE, URL.toString()).get(0);
    assertThat(hook.path("uuid").asText()).isEqualTo(hookId);
    assertThat(events(hook)).containsExactly("pullrequest:approved", "pullrequest:changes_request_created",
        "pullrequest:changes_request_removed", "pullrequest:comment_created", "pullrequest:comment_deleted",
        "pullrequest:comment_reopened", "pullrequest:comment_resolved", "pullrequest:comment_updated",
        "pullrequest:created", "pullrequest:fulfilled", "pullrequest:rejected", "pullrequest:unapproved",
        "pullrequest:updated", "repo:push");
    assertThat(hook.path("active").asBoolean()).isTrue();
    assertThat(hook.path("description").asText()).isEqualTo("hookgate team/hooks");
    assertThat(hook.path("secret_set").asBoolean()).isTrue();
    assertThat(hook.has("secret")).as("Bitbucket never shows the secret").isFalse();
    assertThat(bitbucket.secretOf(hookId)).isEqualTo(SECRET);
    assertThat(result.issuedSecret()).isNull();
  }

  private static List<String> events(JsonNode hook) {
    List<String> events = new ArrayList<>();
    hook.path("events").forEach(event -> events.add(event.asText()));
    return events;
  }

  @Override
  protected void deleteAtProvider(String hookId) {
    bitbucket.deleteHook(SCOPE, hookId);
  }

  @Override
  protected void changeEventsAtProvider(String hookId) {
    bitbucket.change(SCOPE, hookId, "events", List.of("repo:push"));
  }

  @Override
  protected boolean isListRequest(FakeRequest request) {
    return request.isRead() && request.rawPath().endsWith("/hooks");
  }

  @Override
  protected FakeReply rateLimitedReply() {
    return FakeReply.json(429, "{\"type\":\"error\",\"error\":{\"message\":\"Rate limit exceeded\"}}")
        .withHeaders(Map.of("Retry-After", "120"));
  }

  @Override
  protected Instant rateLimitReset() {
    return NOW.plusSeconds(120);
  }

  @Override
  protected FakeReply refusalEchoingSecrets() {
    return FakeReply.json(400,
        "{\"type\":\"error\",\"error\":{\"message\":\"secret " + SECRET + " rejected for " + TOKEN + "\"}}");
  }

  @Test
  void theHookUuidIsSentBracedAndEncoded() {
    String id = registered(register(request(null)), Change.CREATED).hookId();
    assertThat(id).startsWith("{").endsWith("}");
    fake().clearRequests();

    registered(register(request(id)), Change.UNCHANGED);

    assertThat(bitbucket.requests().get(0).rawPath())
        .isEqualTo("/2.0/" + SCOPE + "/hooks/%7B" + id.substring(1, id.length() - 1) + "%7D");
    assertThat(bitbucket.requests().get(0).header("Authorization")).contains("Bearer " + TOKEN);
  }

  @Test
  void aWorkspaceHookWithAnAppPasswordAndEveryEvent() {
    WebhookEndpoint endpoint = endpointFrom(yaml("", "[]"));

    RegistrationResult.Registered result = registered(
        register(request(endpoint, SECRET, Map.of("username", USERNAME, "appPassword", APP_PASSWORD), null)),
        Change.CREATED);

    JsonNode hook = bitbucket.hooksAt("workspaces/acme", URL.toString()).get(0);
    assertThat(hook.path("uuid").asText()).isEqualTo(result.hookId());
    assertThat(events(hook)).contains("repo:push", "issue:created", "pullrequest:created", "project:updated")
        .hasSize(23);
  }

  @Test
  void anInactiveHookIsReactivated() {
    String id = registered(register(request(null)), Change.CREATED).hookId();
    bitbucket.change(SCOPE, id, "active", false);

    assertThat(registered(register(request(id)), Change.UPDATED).detail()).contains("inactive");
    assertThat(bitbucket.hooksAt(SCOPE, URL.toString()).get(0).path("active").asBoolean()).isTrue();
  }

  @Test
  void aRotatedSigningSecretIsPushed() {
    String id = registered(register(request(null)), Change.CREATED).hookId();

    registered(register(request(endpoint(), "rotated-secret-123456", credentials(), id)), Change.UPDATED);

    assertThat(bitbucket.secretOf(id)).isEqualTo("rotated-secret-123456");
  }

  @Test
  void aNextLinkToAnotherHostIsNotFollowedWithOurCredentials() {
    fake().failNext(FakeReply.json(200, FakeJson.object().put("pagelen", 100).put("page", 1)
        .put("next", "https://evil.example.net/2.0/hooks?page=2").set("values", FakeJson.array())));

    RegistrationResult.Failed failed = failed(register(request(null)), FailureKind.PROVIDER_UNAVAILABLE);

    assertThat(failed.message()).contains("next page");
    assertThat(ourHookIds()).isEmpty();
  }

  @Test
  void aGlobMatchingNoBitbucketEventIsInvalidConfiguration() {
    failed(register(request(endpointFrom(yaml("repository: app", "[\"push*\"]")), SECRET, credentials(), null)),
        FailureKind.INVALID_CONFIGURATION);
    assertThat(bitbucket.requests()).isEmpty();
  }

  @Test
  void credentialsWithNeitherTokenNorAppPasswordAreCredentialsInvalid() {
    failed(register(request(endpoint(), SECRET, Map.of("username", USERNAME), null)),
        FailureKind.CREDENTIALS_INVALID);
    assertThat(bitbucket.requests()).isEmpty();
  }
}
