package dev.hookgate.operator.provider.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.provider.ProviderCredentials;
import dev.hookgate.operator.provider.RegistrationRequest;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.RegistrationResult.Change;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.fake.FakeGitHub;
import dev.hookgate.operator.provider.fake.FakeProviderServer.Reply;
import dev.hookgate.operator.testing.MutableClock;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GitHub registrar against a fake GitHub REST API on loopback. */
class GitHubRegistrarTest {

  private static final String HOOKS = "/repos/acme/app/hooks";
  private static final URI URL = URI.create("https://hooks.example.com/h/0123456789abcdef0123456789abcdef");
  private static final String SECRET = "5ecret-for-github";
  private static final ProviderCredentials TOKEN = new ProviderCredentials("team/gh-api", Map.of("token", "ghp_good"));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private FakeGitHub github;
  private ProviderApis apis;
  private GitHubRegistrar registrar;

  @BeforeEach
  void start() {
    github = new FakeGitHub(clock).acceptToken("ghp_good");
    apis = new ProviderApis(Duration.ofSeconds(5), clock);
    registrar = new GitHubRegistrar(apis);
  }

  @AfterEach
  void stop() {
    apis.close();
    github.close();
  }

  @Test
  void createsExactlyOneHookWithTheUrlEventsAndSecretAndLeavesItAloneWhenItMatches() {
    RegistrationResult.Registered created = registered(register(null, false, "push", "pull_request"));

    assertThat(created.change()).isEqualTo(Change.CREATED);
    assertThat(github.hooks(HOOKS)).singleElement().satisfies(hook -> {
      assertThat(String.valueOf(hook.id)).isEqualTo(created.hookId());
      assertThat(hook.url).isEqualTo(URL.toString());
      assertThat(hook.events).containsExactly("pull_request", "push");
      assertThat(hook.secret).isEqualTo(SECRET);
      assertThat(hook.contentType).isEqualTo("json");
      assertThat(hook.insecureSsl).isEqualTo("0");
      assertThat(hook.active).isTrue();
    });
    assertThat(github.requests()).allSatisfy(r -> {
      assertThat(r.header("Authorization")).isEqualTo("Bearer ghp_good");
      assertThat(r.header("Accept")).isEqualTo("application/vnd.github+json");
    });
    assertThat(created.toString()).doesNotContain(SECRET);

    github.clearRequests();
    RegistrationResult.Registered again = registered(register(created.hookId(), false, "push", "pull_request"));
    assertThat(again.change()).isEqualTo(Change.UNCHANGED);
    assertThat(again.hookId()).isEqualTo(created.hookId());
    assertThat(github.requests()).extracting(r -> r.method() + " " + r.path())
        .containsExactly("GET " + HOOKS + "/" + created.hookId());
    assertThat(github.hooks(HOOKS)).hasSize(1);
  }

  @Test
  void findsItsHookAmong150OthersSpreadOverPagesInsteadOfCreatingASecond() {
    for (int i = 0; i < 150; i++) {
      github.addHook(HOOKS, "https://other.example.com/hook/" + i, List.of("push"));
    }
    RegistrationResult.Registered created = registered(register(null, false, "push"));
    assertThat(created.change()).isEqualTo(Change.CREATED);
    // The list was read to its end (100 + 50) before creating.
    assertThat(github.requests()).filteredOn(r -> r.method().equals("GET")).hasSize(2);

    // The status write was lost (no hook id): the hook is found by URL on the second page, and the secret pushed.
    github.clearRequests();
    RegistrationResult.Registered found = registered(register(null, false, "push"));

    assertThat(found.hookId()).isEqualTo(created.hookId());
    assertThat(found.change()).isEqualTo(Change.UPDATED);
    assertThat(github.hooksWithUrl(HOOKS, URL.toString())).hasSize(1);
    assertThat(github.hooks(HOOKS)).hasSize(151);
    assertThat(github.requests()).extracting(r -> r.method()).containsExactly("GET", "GET", "PATCH");
  }

  @Test
  void aHookAddedByHandOnTheLastPageIsAdoptedWithTheSecretPushed() {
    for (int i = 0; i < 150; i++) {
      github.addHook(HOOKS, "https://other.example.com/hook/" + i, List.of("push"));
    }
    github.addHook(HOOKS, URL.toString(), List.of("push"));

    RegistrationResult.Registered found = registered(register(null, false, "push"));

    assertThat(found.change()).isEqualTo(Change.UPDATED);
    assertThat(github.hooksWithUrl(HOOKS, URL.toString())).singleElement()
        .satisfies(hook -> assertThat(hook.secret).isEqualTo(SECRET));
    assertThat(github.hooks(HOOKS)).hasSize(151);
  }

  @Test
  void aHookDeletedAtGitHubIsCreatedAgain() {
    RegistrationResult.Registered created = registered(register(null, false, "push"));
    github.deleteHook(HOOKS, Long.parseLong(created.hookId()));

    RegistrationResult.Registered recreated = registered(register(created.hookId(), false, "push"));

    assertThat(recreated.change()).isEqualTo(Change.RECREATED);
    assertThat(recreated.hookId()).isNotEqualTo(created.hookId());
    assertThat(github.hooks(HOOKS)).singleElement().satisfies(hook -> assertThat(hook.secret).isEqualTo(SECRET));
  }

  @Test
  void eventsChangedAtGitHubAreRepairedAndTheSecretIsKept() {
    RegistrationResult.Registered created = registered(register(null, false, "push", "release"));
    FakeGitHub.Hook hook = github.hooks(HOOKS).get(0);
    hook.events = List.of("issues");
    hook.active = false;

    RegistrationResult.Registered repaired = registered(register(created.hookId(), false, "push", "release"));

    assertThat(repaired.change()).isEqualTo(Change.UPDATED);
    assertThat(repaired.detail()).contains("events [issues] -> [push, release]").contains("inactive -> active");
    assertThat(github.hooks(HOOKS)).singleElement().satisfies(h -> {
      assertThat(h.events).containsExactly("push", "release");
      assertThat(h.active).isTrue();
      assertThat(h.secret).isEqualTo(SECRET);
    });
  }

  @Test
  void aNewUrlMovesTheRecordedHookInsteadOfAddingOne() {
    RegistrationResult.Registered created = registered(register(null, false, "push"));
    URI moved = URI.create("https://hooks.example.org/h/0123456789abcdef0123456789abcdef");

    RegistrationResult.Registered updated = registered(registrar.register(
        new RegistrationRequest(endpoint("push"), moved, SECRET, TOKEN, created.hookId(), false)));

    assertThat(updated.change()).isEqualTo(Change.UPDATED);
    assertThat(updated.hookId()).isEqualTo(created.hookId());
    assertThat(github.hooks(HOOKS)).singleElement().satisfies(hook -> {
      assertThat(hook.url).isEqualTo(moved.toString());
      assertThat(hook.secret).isEqualTo(SECRET);
    });
  }

  @Test
  void aRotatedSecretIsPushedEvenWhenNothingElseDiffers() {
    RegistrationResult.Registered created = registered(register(null, false, "push"));

    RegistrationResult.Registered rotated = registered(registrar.register(
        new RegistrationRequest(endpoint("push"), URL, "the-new-secret", TOKEN, created.hookId(), true)));

    assertThat(rotated.change()).isEqualTo(Change.UPDATED);
    assertThat(rotated.detail()).contains("secret pushed").doesNotContain("the-new-secret");
    assertThat(github.hooks(HOOKS).get(0).secret).isEqualTo("the-new-secret");
  }

  @Test
  void globsSubscribeToEveryEvent() {
    registered(register(null, false, "pull_request*", "push"));

    assertThat(github.hooks(HOOKS).get(0).events).containsExactly("*");
  }

  @Test
  void rateLimitedMeansNoRequestBeforeTheReset() {
    Instant reset = clock.instant().plusSeconds(120);
    github.failNext(Reply.error(403, "API rate limit exceeded",
        Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", String.valueOf(reset.getEpochSecond()))));

    RegistrationResult.Failed limited = failed(register(null, false, "push"));
    assertThat(limited.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(limited.retryNotBefore()).isEqualTo(reset);

    github.clearRequests();
    clock.advance(Duration.ofSeconds(119));
    assertThat(failed(register(null, false, "push")).kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(registrar.deregister(new RegistrationRequest(endpoint("push"), URL, null, TOKEN, "1")))
        .isInstanceOf(RegistrationResult.Failed.class);
    assertThat(github.requests()).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    assertThat(registered(register(null, false, "push")).change()).isEqualTo(Change.CREATED);
  }

  @Test
  void tooManyRequestsHonoursRetryAfter() {
    github.failNext(Reply.error(429, "slow down", Map.of("Retry-After", "30")));

    RegistrationResult.Failed limited = failed(register(null, false, "push"));

    assertThat(limited.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(limited.retryNotBefore()).isEqualTo(clock.instant().plusSeconds(30));
  }

  @Test
  void refusedCredentialsAndOutagesAreClassifiedWithoutLeakingTheToken() {
    RegistrationResult.Failed refused = failed(registrar.register(new RegistrationRequest(endpoint("push"), URL,
        SECRET, new ProviderCredentials("team/gh-api", Map.of("token", "ghp_revoked")), null)));
    assertThat(refused.kind()).isEqualTo(FailureKind.CREDENTIALS_INVALID);
    assertThat(refused.message()).doesNotContain("ghp_revoked");

    github.failNext(Reply.error(502, "Bad Gateway", Map.of()));
    assertThat(failed(register(null, false, "push")).kind()).isEqualTo(FailureKind.PROVIDER_UNAVAILABLE);

    RegistrationResult.Failed noKeys = failed(registrar.register(new RegistrationRequest(endpoint("push"), URL,
        SECRET, new ProviderCredentials("team/gh-api", Map.of("other", "x")), null)));
    assertThat(noKeys.kind()).isEqualTo(FailureKind.CREDENTIALS_INVALID);
    assertThat(noKeys.message()).contains("team/gh-api").contains("'token'");
  }

  @Test
  void aRevokedTokenSharedByManyEndpointsIsSentOnceNotOncePerReconcile() {
    ProviderCredentials revoked = new ProviderCredentials("team/gh-api", Map.of("token", "ghp_revoked"));
    for (int i = 0; i < 20; i++) {
      URI url = URI.create("https://hooks.example.com/h/endpoint" + i);
      RegistrationResult.Failed refused = failed(registrar.register(
          new RegistrationRequest(endpoint("push"), url, SECRET, revoked, null)));
      assertThat(refused.kind()).isEqualTo(FailureKind.CREDENTIALS_INVALID);
    }
    assertThat(github.requests()).hasSize(1);

    // A fixed Secret is tried at once; the same refused token again only after ten minutes.
    assertThat(registered(register(null, false, "push")).change()).isEqualTo(Change.CREATED);
    github.clearRequests();
    clock.advance(Duration.ofMinutes(10));
    failed(registrar.register(new RegistrationRequest(endpoint("push"), URL, SECRET, revoked, null)));
    assertThat(github.requests()).hasSize(1);
  }

  @Test
  void deregisterDeletesTheHookAndAGoneHookCountsAsDone() {
    RegistrationResult.Registered created = registered(register(null, false, "push"));

    assertThat(registrar.deregister(new RegistrationRequest(endpoint("push"), URL, null, TOKEN, created.hookId())))
        .isInstanceOf(RegistrationResult.Deregistered.class);
    assertThat(github.hooks(HOOKS)).isEmpty();
    assertThat(registrar.deregister(new RegistrationRequest(endpoint("push"), URL, null, TOKEN, created.hookId())))
        .isInstanceOf(RegistrationResult.Deregistered.class);

    // Without a recorded id the hook is found by URL.
    registered(register(null, false, "push"));
    assertThat(registrar.deregister(new RegistrationRequest(endpoint("push"), URL, null, TOKEN, null)))
        .isInstanceOf(RegistrationResult.Deregistered.class);
    assertThat(github.hooks(HOOKS)).isEmpty();
  }

  @Test
  void gitHubAppExchangesASignedJwtForAnInstallationTokenAndCachesIt() {
    GitHubAppKeys keys = GitHubAppKeys.generate();
    github.app("4242", "777", keys.pair().getPublic());
    ProviderCredentials app = new ProviderCredentials("team/gh-app",
        Map.of("appId", "4242", "installationId", "777", "privateKey", keys.pkcs1Pem()));

    RegistrationResult.Registered created = registered(registrar.register(
        new RegistrationRequest(endpoint("push"), URL, SECRET, app, null)));
    registered(registrar.register(new RegistrationRequest(endpoint("push"), URL, SECRET, app, created.hookId())));

    assertThat(created.change()).isEqualTo(Change.CREATED);
    assertThat(github.issuedInstallationTokens()).isEqualTo(1);
    assertThat(github.requests()).filteredOn(r -> r.path().equals("/app/installations/777/access_tokens"))
        .singleElement().satisfies(r -> assertThat(r.header("Authorization")).startsWith("Bearer ey"));

    // Five minutes before the hour is up a new token is fetched.
    clock.advance(Duration.ofMinutes(56));
    registered(registrar.register(new RegistrationRequest(endpoint("push"), URL, SECRET, app, created.hookId())));
    assertThat(github.issuedInstallationTokens()).isEqualTo(2);
  }

  @Test
  void gitHubAppWithAnotherKeyIsRefused() {
    github.app("4242", "777", GitHubAppKeys.generate().pair().getPublic());
    ProviderCredentials wrongKey = new ProviderCredentials("team/gh-app",
        Map.of("appId", "4242", "installationId", "777", "privateKey", GitHubAppKeys.generate().pkcs8Pem()));

    RegistrationResult.Failed refused = failed(registrar.register(
        new RegistrationRequest(endpoint("push"), URL, SECRET, wrongKey, null)));

    assertThat(refused.kind()).isEqualTo(FailureKind.CREDENTIALS_INVALID);
    assertThat(github.hooks(HOOKS)).isEmpty();
  }

  @Test
  void enterpriseServerBaseUrlAndOrganizationHooks() {
    WebhookEndpoint endpoint = endpoint("push");
    endpoint.getSpec().getProvider().getGithub().setRepository(null);
    endpoint.getSpec().getProvider().getGithub().setOrganization("acme");
    endpoint.getSpec().getProvider().getGithub().setBaseUrl(github.baseUrl() + "/api/v3");

    RegistrationResult.Registered created = registered(registrar.register(
        new RegistrationRequest(endpoint, URL, SECRET, TOKEN, null)));

    assertThat(created.detail()).contains("organization acme");
    assertThat(github.hooks("/orgs/acme/hooks")).hasSize(1);
    assertThat(github.requests()).allSatisfy(r -> assertThat(r.path()).startsWith("/api/v3/orgs/acme/hooks"));
  }

  private RegistrationResult register(String knownHookId, boolean secretChanged, String... events) {
    return registrar.register(new RegistrationRequest(endpoint(events), URL, SECRET, TOKEN, knownHookId,
        secretChanged));
  }

  private WebhookEndpoint endpoint(String... events) {
    WebhookEndpoint endpoint = new KubernetesSerialization().unmarshal("""
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: ci, namespace: team}
        spec:
          provider:
            type: github
            github:
              repository: acme/app
              baseUrl: %s
              credentialsSecretRef: {name: gh-api}
          target: {service: {name: t, port: 80}}
        """.formatted(github.baseUrl()), WebhookEndpoint.class);
    endpoint.getSpec().setEvents(List.of(events));
    return endpoint;
  }

  private static RegistrationResult.Registered registered(RegistrationResult result) {
    assertThat(result).isInstanceOf(RegistrationResult.Registered.class);
    return (RegistrationResult.Registered) result;
  }

  private static RegistrationResult.Failed failed(RegistrationResult result) {
    assertThat(result).isInstanceOf(RegistrationResult.Failed.class);
    return (RegistrationResult.Failed) result;
  }
}
