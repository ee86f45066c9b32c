package dev.hookgate.operator.provider.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.operator.provider.ApiRegistrarContract;
import dev.hookgate.operator.provider.ProviderCredentials;
import dev.hookgate.operator.provider.ProviderRegistrar;
import dev.hookgate.operator.provider.RegistrationRequest;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.RegistrationResult.Change;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.fake.FakeGitLabApi;
import dev.hookgate.operator.provider.fake.FakeReply;
import dev.hookgate.operator.provider.fake.FakeRequest;
import dev.hookgate.operator.provider.fake.LoopbackFakeApi;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitLabRegistrarTest extends ApiRegistrarContract {

  private static final String TOKEN = "glpat-test-Token-0123456789";
  private static final String SECRET = "gitlab-hook-secret-9876543210";
  private static final String SCOPE = "projects/platform%2Fci%2Fapp";

  private FakeGitLabApi gitlab;

  GitLabRegistrarTest() {
    super(Map.of("token", TOKEN), Map.of("token", "glpat-revoked-000000"), SECRET);
  }

  @Override
  protected LoopbackFakeApi startFake() {
    gitlab = new FakeGitLabApi(TOKEN);
    gitlab.addScope(SCOPE);
    gitlab.addScope("groups/platform");
    return gitlab;
  }

  @Override
  protected ProviderRegistrar newRegistrar(ProviderApis apis) {
    return new GitLabRegistrar(apis);
  }

  @Override
  protected String endpointYaml() {
    return projectEndpoint("[\"Push Hook\", \"Merge Request Hook\"]");
  }

  private String projectEndpoint(String events) {
    return """
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: hooks, namespace: team}
        spec:
          provider:
            type: gitlab
            gitlab: {baseUrl: "%s", project: platform/ci/app, credentialsSecretRef: {name: provider-api}}
          signingSecretRef: {name: hook-secret, key: token}
          events: %s
          target: {service: {name: t, port: 80}}
        """.formatted(gitlab.baseUrl(), events);
  }

  @Override
  protected void seedUnrelated(int count) {
    gitlab.seedUnrelated(SCOPE, count);
  }

  @Override
  protected List<String> ourHookIds() {
    return gitlab.hooksAt(SCOPE, URL.toString()).stream().map(hook -> hook.path("id").asText()).toList();
  }

  @Override
  protected void assertHookMatchesEndpoint(String hookId, RegistrationResult.Registered result) {
    JsonNode hook = gitlab.hooksAt(SCOPE, URL.toString()).get(0);
    assertThat(hook.path("id").asText()).isEqualTo(hookId);
    assertThat(hook.path("push_events").asBoolean()).isTrue();
    assertThat(hook.path("merge_requests_events").asBoolean()).isTrue();
    for (String off : List.of("tag_push_events", "issues_events", "note_events", "pipeline_events", "job_events",
        "wiki_page_events", "releases_events")) {
      assertThat(hook.path(off).asBoolean()).as(off).isFalse();
    }
    assertThat(hook.path("enable_ssl_verification").asBoolean()).isTrue();
    assertThat(hook.has("token")).as("GitLab never shows the token").isFalse();
    assertThat(gitlab.tokenOf(Long.parseLong(hookId))).isEqualTo(SECRET);
    assertThat(result.issuedSecret()).isNull();
  }

  @Override
  protected void deleteAtProvider(String hookId) {
    gitlab.deleteHook(SCOPE, Long.parseLong(hookId));
  }

  @Override
  protected void changeEventsAtProvider(String hookId) {
    gitlab.change(SCOPE, Long.parseLong(hookId), "merge_requests_events", false);
    gitlab.change(SCOPE, Long.parseLong(hookId), "issues_events", true);
  }

  @Override
  protected boolean isListRequest(FakeRequest request) {
    return request.isRead() && request.rawPath().endsWith("/hooks");
  }

  @Override
  protected FakeReply rateLimitedReply() {
    return FakeReply.json(429, "{\"message\":\"Retry later\"}").withHeaders(Map.of("RateLimit-Remaining", "0",
        "RateLimit-Reset", String.valueOf(rateLimitReset().getEpochSecond()), "Retry-After", "60"));
  }

  @Override
  protected Instant rateLimitReset() {
    return NOW.plusSeconds(60);
  }

  @Override
  protected FakeReply refusalEchoingSecrets() {
    return FakeReply.json(422, "{\"message\":\"token " + SECRET + " refused for " + TOKEN + "\"}");
  }

  @Test
  void theProjectPathIsUrlEncodedIntoOneSegment() {
    registered(register(request(null)), Change.CREATED);

    assertThat(gitlab.requests()).allSatisfy(request ->
        assertThat(request.rawPath()).startsWith("/api/v4/projects/platform%2Fci%2Fapp/hooks"));
    assertThat(gitlab.requests().get(0).header("PRIVATE-TOKEN")).contains(TOKEN);
  }

  @Test
  void aGroupHookGetsTheGroupOnlyFlagsToo() {
    String yaml = projectEndpoint("[\"*\"]").replace("project: platform/ci/app", "group: platform");
    RegistrationResult.Registered result =
        registered(register(request(endpointFrom(yaml), SECRET, credentials(), null)), Change.CREATED);

    JsonNode hook = gitlab.hooksAt("groups/platform", URL.toString()).get(0);
    assertThat(hook.path("id").asText()).isEqualTo(result.hookId());
    assertThat(hook.path("subgroup_events").asBoolean()).isTrue();
    assertThat(hook.path("push_events").asBoolean()).isTrue();
    assertThat(hook.path("releases_events").asBoolean()).isTrue();
  }

  @Test
  void aHookGitLabDisabledAfterFailedDeliveriesIsReEnabled() {
    String id = registered(register(request(null)), Change.CREATED).hookId();
    gitlab.change(SCOPE, Long.parseLong(id), "alert_status", "disabled");

    RegistrationResult.Registered result = registered(register(request(id)), Change.UPDATED);

    assertThat(result.detail()).contains("alert_status disabled");
    assertThat(gitlab.hooksAt(SCOPE, URL.toString()).get(0).path("alert_status").asText()).isEqualTo("executable");
  }

  @Test
  void aRotatedSigningSecretIsPushedAsTheNewToken() {
    String id = registered(register(request(null)), Change.CREATED).hookId();

    RegistrationResult.Registered result =
        registered(register(request(endpoint(), "rotated-secret-123456", credentials(), id)), Change.UPDATED);

    assertThat(result.detail()).contains("token");
    assertThat(gitlab.tokenOf(Long.parseLong(id))).isEqualTo("rotated-secret-123456");
  }

  @Test
  void afterARestartTheTokenIsReSentOnceWithoutReportingAChange() {
    String id = registered(register(request(null)), Change.CREATED).hookId();
    registrar = new GitLabRegistrar(apis);
    fake().clearRequests();

    registered(register(request(id)), Change.UNCHANGED);
    assertThat(writes()).isEqualTo(1);
    registered(register(request(id)), Change.UNCHANGED);
    assertThat(writes()).isEqualTo(1);
  }

  @Test
  void afterARestartARotationTheOperatorReportsIsPushedAsAnUpdate() {
    String id = registered(register(request(null)), Change.CREATED).hookId();
    registrar = new GitLabRegistrar(apis);

    RegistrationResult.Registered result = registered(register(new RegistrationRequest(endpoint(),
        URL, "rotated-secret-654321", new ProviderCredentials("team/provider-api", credentials()), id, true)),
        Change.UPDATED);

    assertThat(result.detail()).contains("token");
    assertThat(gitlab.tokenOf(Long.parseLong(id))).isEqualTo("rotated-secret-654321");
  }

  @Test
  void eventsThatNameNoGitLabEventAreInvalidConfiguration() {
    RegistrationResult.Failed failed = failed(
        register(request(endpointFrom(projectEndpoint("[\"push\"]")), SECRET, credentials(), null)),
        FailureKind.INVALID_CONFIGURATION);

    assertThat(failed.message()).contains("Push Hook");
    assertThat(gitlab.requests()).isEmpty();
  }

  @Test
  void aMissingTokenKeyIsCredentialsInvalidWithoutACall() {
    failed(register(request(endpoint(), SECRET, Map.of("other", "x"), null)), FailureKind.CREDENTIALS_INVALID);
    assertThat(gitlab.requests()).isEmpty();
  }

  @Test
  void aBaseUrlThatIsNoUrlIsInvalidConfiguration() {
    String yaml = endpointYaml().replace("baseUrl: \"" + gitlab.baseUrl() + "\"", "baseUrl: \"http://git lab\"");

    RegistrationResult.Failed failed =
        failed(register(request(endpointFrom(yaml), SECRET, credentials(), null)), FailureKind.INVALID_CONFIGURATION);

    assertThat(failed.message()).contains("API URL");
    assertThat(gitlab.requests()).isEmpty();
  }

  @Test
  void anUnknownProjectIsInvalidConfiguration() {
    String yaml = endpointYaml().replace("project: platform/ci/app", "project: platform/missing");

    RegistrationResult.Failed failed =
        failed(register(request(endpointFrom(yaml), SECRET, credentials(), null)), FailureKind.INVALID_CONFIGURATION);

    assertThat(failed.message()).contains("404").contains("Project Not Found");
  }
}
