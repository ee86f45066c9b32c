package dev.hookgate.operator.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.provider.RegistrationResult.Change;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.fake.FakeReply;
import dev.hookgate.operator.provider.fake.FakeRequest;
import dev.hookgate.operator.provider.fake.LoopbackFakeApi;
import dev.hookgate.operator.testing.MutableClock;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every registrar that calls a provider's API must do, run against that provider's fake API on loopback:
 * exactly one hook, found across pages, repaired, re-created, deleted; failures classified; no secret in any
 * message. Each provider's test extends it with its fake and its own cases.
 */
public abstract class ApiRegistrarContract {

  protected static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
  protected static final URI URL = URI.create("https://hooks.example.com/h/0123456789abcdef0123456789abcdef");
  protected static final String ENDPOINT_NAMESPACE = "team";
  protected static final String ENDPOINT_NAME = "hooks";

  protected final MutableClock clock = new MutableClock(NOW);
  private final Map<String, String> credentials;
  private final Map<String, String> wrongCredentials;
  private final String signingSecret;
  protected ProviderApis apis;
  protected ProviderRegistrar registrar;
  private LoopbackFakeApi fake;
  /** Every result the test saw, checked for secrets after each test. */
  private final List<RegistrationResult> results = new ArrayList<>();

  /**
   * @param credentials the credentials Secret's data the fake accepts
   * @param wrongCredentials credentials the fake refuses
   * @param signingSecret the signing secret requests carry; null where the provider issues it
   */
  protected ApiRegistrarContract(Map<String, String> credentials, Map<String, String> wrongCredentials,
      String signingSecret) {
    this.credentials = credentials;
    this.wrongCredentials = wrongCredentials;
    this.signingSecret = signingSecret;
  }

  /** Starts the fake with our scope (project, repository, account, shop) in place. */
  protected abstract LoopbackFakeApi startFake();

  protected abstract ProviderRegistrar newRegistrar(ProviderApis apis);

  /** The endpoint's YAML: spec.provider pointing at the fake, spec.events. */
  protected abstract String endpointYaml();

  /** The credentials Secret's data the fake accepts. */
  protected Map<String, String> credentials() {
    return credentials;
  }

  /** Credentials the fake refuses. */
  protected Map<String, String> wrongCredentials() {
    return wrongCredentials;
  }

  /** The signing secret the request carries; null where the provider issues it. */
  protected String signingSecret() {
    return signingSecret;
  }

  /** Every credential and secret value that must never appear in a message. */
  protected List<String> secretValues() {
    List<String> values = new ArrayList<>(credentials.values());
    if (signingSecret() != null) {
      values.add(signingSecret());
    }
    return values;
  }

  protected abstract void seedUnrelated(int count);

  /** The provider's ids of the hooks that are ours (our URL, our marker). */
  protected abstract List<String> ourHookIds();

  /** The hook at the provider has the endpoint's URL, events and secret. */
  protected abstract void assertHookMatchesEndpoint(String hookId, RegistrationResult.Registered result);

  protected abstract void deleteAtProvider(String hookId);

  /** Someone changes the hook's events at the provider. */
  protected abstract void changeEventsAtProvider(String hookId);

  /** Whether the request lists hooks (a page of them). */
  protected abstract boolean isListRequest(FakeRequest request);

  /** Whether the request changes something at the provider. */
  protected boolean isWrite(FakeRequest request) {
    return !request.isRead();
  }

  /** The provider's rate-limit reply. */
  protected abstract FakeReply rateLimitedReply();

  /** When that reply says to come back; null when the provider does not say. */
  protected abstract Instant rateLimitReset();

  /** A 4xx validation error whose message echoes the credentials and the secret, as a careless provider might. */
  protected abstract FakeReply refusalEchoingSecrets();

  protected LoopbackFakeApi fake() {
    return fake;
  }

  @BeforeEach
  void startFakeAndRegistrar() {
    fake = startFake();
    apis = new ProviderApis(Duration.ofSeconds(5), clock);
    registrar = newRegistrar(apis);
  }

  @AfterEach
  void noResultCarriesASecret() {
    apis.close();
    fake().close();
    for (RegistrationResult result : results) {
      for (String secret : secretValues()) {
        assertThat(result.toString()).as("a registration result").doesNotContain(secret);
      }
    }
  }

  protected WebhookEndpoint endpoint() {
    return endpointFrom(endpointYaml());
  }

  protected static WebhookEndpoint endpointFrom(String yaml) {
    return new KubernetesSerialization().unmarshal(yaml, WebhookEndpoint.class);
  }

  protected RegistrationRequest request(String knownHookId) {
    return request(endpoint(), signingSecret(), credentials(), knownHookId);
  }

  protected RegistrationRequest request(WebhookEndpoint endpoint, String signingSecret, Map<String, String> data,
      String knownHookId) {
    return new RegistrationRequest(endpoint, URL, signingSecret,
        new ProviderCredentials(ENDPOINT_NAMESPACE + "/provider-api", data), knownHookId);
  }

  protected RegistrationResult register(RegistrationRequest request) {
    RegistrationResult result = registrar.register(request);
    results.add(result);
    if (result instanceof RegistrationResult.Registered registered && registered.issuedSecret() != null) {
      secretIssued(registered.issuedSecret());
    }
    return result;
  }

  /** The operator stores a secret the provider issued (Stripe) and passes it with every later request. */
  protected void secretIssued(String secret) {}

  protected RegistrationResult deregister(RegistrationRequest request) {
    RegistrationResult result = registrar.deregister(request);
    results.add(result);
    return result;
  }

  protected RegistrationResult.Registered registered(RegistrationResult result, Change change) {
    assertThat(result).isInstanceOf(RegistrationResult.Registered.class);
    RegistrationResult.Registered registered = (RegistrationResult.Registered) result;
    assertThat(registered.change()).as(registered.detail()).isEqualTo(change);
    return registered;
  }

  protected RegistrationResult.Failed failed(RegistrationResult result, FailureKind kind) {
    assertThat(result).isInstanceOf(RegistrationResult.Failed.class);
    RegistrationResult.Failed failed = (RegistrationResult.Failed) result;
    assertThat(failed.kind()).as(failed.message()).isEqualTo(kind);
    return failed;
  }

  protected long writes() {
    return fake().requests().stream().filter(this::isWrite).count();
  }

  @Test
  public void createsExactlyOneHookWithTheUrlEventsAndSecret() {
    RegistrationResult.Registered result = registered(register(request(null)), Change.CREATED);

    assertThat(ourHookIds()).containsExactly(result.hookId());
    assertHookMatchesEndpoint(result.hookId(), result);
  }

  /** 150 unrelated hooks older than ours and 150 newer: ours is on the second page whichever way the list runs. */
  @Test
  public void findsOurHookAmong300UnrelatedOnesOnALaterPageInsteadOfCreatingASecond() {
    seedUnrelated(150);
    String id = registered(register(request(null)), Change.CREATED).hookId();
    seedUnrelated(150);
    fake().clearRequests();

    RegistrationResult.Registered again = registered(register(request(null)), Change.UNCHANGED);

    assertThat(again.hookId()).isEqualTo(id);
    assertThat(ourHookIds()).containsExactly(id);
    assertThat(fake().requests().stream().filter(this::isListRequest).count()).as("pages read").isGreaterThan(1);
    assertThat(writes()).isZero();
  }

  @Test
  public void aHookDeletedAtTheProviderIsRecreated() {
    String id = registered(register(request(null)), Change.CREATED).hookId();
    deleteAtProvider(id);

    RegistrationResult.Registered result = registered(register(request(id)), Change.RECREATED);

    assertThat(result.hookId()).isNotEqualTo(id);
    assertThat(ourHookIds()).containsExactly(result.hookId());
    assertHookMatchesEndpoint(result.hookId(), result);
  }

  @Test
  public void eventsChangedAtTheProviderAreRepaired() {
    String id = registered(register(request(null)), Change.CREATED).hookId();
    changeEventsAtProvider(id);

    RegistrationResult.Registered result = registered(register(request(id)), Change.UPDATED);

    assertThat(result.hookId()).isEqualTo(id);
    assertThat(ourHookIds()).containsExactly(id);
    assertHookMatchesEndpoint(id, result);
  }

  @Test
  public void aHookThatMatchesIsLeftAloneWithoutAWrite() {
    String id = registered(register(request(null)), Change.CREATED).hookId();
    fake().clearRequests();

    assertThat(registered(register(request(id)), Change.UNCHANGED).hookId()).isEqualTo(id);
    assertThat(writes()).isZero();
  }

  @Test
  public void aRestartedOperatorWithNoRecordedIdFindsTheHookItCreated() {
    String id = registered(register(request(null)), Change.CREATED).hookId();
    apis.close();
    apis = new ProviderApis(Duration.ofSeconds(5), clock);
    registrar = newRegistrar(apis);

    RegistrationResult result = register(request(null));

    assertThat(result).isInstanceOf(RegistrationResult.Registered.class);
    assertThat(((RegistrationResult.Registered) result).hookId()).isEqualTo(id);
    assertThat(ourHookIds()).containsExactly(id);
  }

  @Test
  public void aRateLimitedReplyFailsUntilTheResetTheProviderNamed() {
    fake().failNext(rateLimitedReply());

    RegistrationResult.Failed failed = failed(register(request(null)), FailureKind.RATE_LIMITED);

    assertThat(failed.retryNotBefore()).isEqualTo(rateLimitReset());
    assertThat(ourHookIds()).isEmpty();
  }

  @Test
  public void refusedCredentialsAreCredentialsInvalid() {
    failed(register(request(endpoint(), signingSecret(), wrongCredentials(), null)), FailureKind.CREDENTIALS_INVALID);
    assertThat(ourHookIds()).isEmpty();
  }

  @Test
  public void aServerErrorIsProviderUnavailable() {
    fake().failNext(FakeReply.json(503, "{\"message\":\"503 Service Unavailable\"}"));

    failed(register(request(null)), FailureKind.PROVIDER_UNAVAILABLE);
  }

  @Test
  public void aProviderThatCannotBeReachedIsProviderUnavailable() {
    fake().stop();

    failed(register(request(null)), FailureKind.PROVIDER_UNAVAILABLE);
    failed(deregister(request("12345")), FailureKind.PROVIDER_UNAVAILABLE);
  }

  @Test
  public void aRefusalThatEchoesTheSecretsIsReportedWithoutThem() {
    fake().failNext(refusalEchoingSecrets());

    RegistrationResult.Failed failed = failed(register(request(null)), FailureKind.INVALID_CONFIGURATION);

    assertThat(failed.message()).contains(SecretRedaction.REDACTED);
    for (String secret : secretValues()) {
      assertThat(failed.message()).doesNotContain(secret);
    }
  }

  @Test
  public void deregisteringDeletesTheHookAndAHookAlreadyGoneCountsAsDone() {
    String id = registered(register(request(null)), Change.CREATED).hookId();

    assertThat(deregister(request(id))).isInstanceOf(RegistrationResult.Deregistered.class);
    assertThat(ourHookIds()).isEmpty();

    RegistrationResult again = deregister(request(id));
    assertThat(again).isInstanceOf(RegistrationResult.Deregistered.class);
    assertThat(((RegistrationResult.Deregistered) again).detail()).contains("already gone");
  }

  @Test
  public void deregisteringWhileTheProviderFailsIsRetried() {
    String id = registered(register(request(null)), Change.CREATED).hookId();
    fake().failNext(FakeReply.json(502, "{\"message\":\"502 Bad Gateway\"}"));

    failed(deregister(request(id)), FailureKind.PROVIDER_UNAVAILABLE);
    assertThat(ourHookIds()).containsExactly(id);
  }
}
