package dev.hookgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.api.WebhookEndpointStatus;
import dev.hookgate.operator.provider.ProviderRegistrar;
import dev.hookgate.operator.provider.ProviderRegistrars;
import dev.hookgate.operator.provider.RegistrationRequest;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.SigningSecrets;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.testing.MutableClock;
import dev.hookgate.routing.ProviderType;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registration step with a registrar whose provider issues the signing secret (as Stripe does), against the
 * Fabric8 mock server: the issued secret is stored at once, and the provider is not called again before it is due.
 */
@EnableKubernetesMockClient(crud = true)
class ProviderRegistrationStepTest {

  private static final String URL = "https://hooks.example.com/h/0123456789abcdef0123456789abcdef";
  private static final Duration RESYNC = Duration.ofMinutes(10);

  KubernetesClient client;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<RegistrationRequest> calls = new ArrayList<>();
  private ConditionEventRecorder events;

  /** Issues "whsec_issued" when it has no secret, as a provider that creates the endpoint's secret does. */
  private final ProviderRegistrar issuing = recording(true, request -> request.signingSecret() == null
      ? new RegistrationResult.Registered("we_1", RegistrationResult.Change.CREATED, "whsec_issued", "created we_1")
      : new RegistrationResult.Registered("we_1", RegistrationResult.Change.UNCHANGED, null, "we_1 matches"));

  /** Creates hook-1 on the first call and updates it on later ones, as GitHub does with a secret it is given. */
  private final ProviderRegistrar hooks = recording(false, request -> new RegistrationResult.Registered("hook-1",
      request.knownHookId() == null ? RegistrationResult.Change.CREATED : RegistrationResult.Change.UPDATED, null,
      "hook-1"));

  @AfterEach
  void stop() {
    if (events != null) {
      events.close();
    }
  }

  @Test
  void anIssuedSecretIsStoredAtOnceInTheGeneratedSecretAndTheProviderIsCalledAgainOnlyWhenDue() {
    WebhookEndpoint endpoint = endpoint();
    Secret credentials = credentials();
    ProviderRegistrationStep step = stepWith(issuing);
    var ref = SigningSecrets.effectiveRef(endpoint);

    ProviderRegistrationStep.Outcome first =
        // no receiver can serve a route before the provider issued its secret: not held back
        step.register(endpoint, URL, new ProviderRegistrationStep.SigningInput(ref, null, null), credentials, false);

    Secret stored = client.secrets().inNamespace("team").withName("ci-signing").get();
    assertThat(new String(Base64.getDecoder().decode(stored.getData().get("secret")), StandardCharsets.UTF_8))
        .isEqualTo("whsec_issued");
    assertThat(stored.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo("uid-1"));
    assertThat(calls).singleElement().satisfies(call -> assertThat(call.signingSecret()).isNull());
    assertThat(first.condition().reason()).isEqualTo(ConditionReasons.REGISTERED);
    assertThat(first.status().getHookId()).isEqualTo("we_1");
    assertThat(first.status().getSigningSecretVersion()).isEqualTo(stored.getMetadata().getResourceVersion());
    assertThat(first.recheckAfter()).isEqualTo(RESYNC);

    // The next reconcile sees the stored Secret: same inputs as recorded, so the provider is not called.
    endpoint.setStatus(statusWith(first));
    ProviderRegistrationStep.Outcome second = step.register(endpoint, URL,
        new ProviderRegistrationStep.SigningInput(ref, "whsec_issued", stored.getMetadata().getResourceVersion()),
        credentials, true);
    assertThat(calls).hasSize(1);
    assertThat(second.condition()).isEqualTo(first.condition());
    assertThat(second.status()).isEqualTo(first.status());
    assertThat(second.recheckAfter()).isEqualTo(RESYNC);

    clock.advance(RESYNC);
    step.register(endpoint, URL,
        new ProviderRegistrationStep.SigningInput(ref, "whsec_issued", stored.getMetadata().getResourceVersion()),
        credentials, true);
    assertThat(calls).hasSize(2);
    assertThat(calls.get(1).signingSecret()).isEqualTo("whsec_issued");
    assertThat(calls.get(1).knownHookId()).isEqualTo("we_1");
    assertThat(calls.get(1).secretChanged()).isFalse();
  }

  @Test
  void aHookIsCreatedOrChangedOnlyOnceTheReceiversServeTheRouteButADriftCheckDoesNotWait() {
    WebhookEndpoint endpoint = endpoint();
    Secret credentials = credentials();
    ProviderRegistrationStep step = stepWith(hooks);
    var ref = SigningSecrets.effectiveRef(endpoint);
    var secretV1 = new ProviderRegistrationStep.SigningInput(ref, "s3cret", "v1");

    ProviderRegistrationStep.Outcome waiting = step.register(endpoint, URL, secretV1, credentials, false);
    assertThat(calls).as("GitHub would ping a route no receiver serves yet").isEmpty();
    assertThat(waiting.condition().status()).isEqualTo(ConditionOutcome.UNKNOWN);
    assertThat(waiting.condition().reason()).isEqualTo(ConditionReasons.WAITING_FOR_RECEIVERS);

    endpoint.setStatus(statusWith(waiting));
    ProviderRegistrationStep.Outcome created = step.register(endpoint, URL, secretV1, credentials, true);
    assertThat(calls).hasSize(1);
    assertThat(created.condition().reason()).isEqualTo(ConditionReasons.REGISTERED);

    // the drift check of an unchanged hook goes ahead while a receiver is (say) restarting
    endpoint.setStatus(statusWith(created));
    clock.advance(RESYNC);
    ProviderRegistrationStep.Outcome checked = step.register(endpoint, URL, secretV1, credentials, false);
    assertThat(calls).hasSize(2);

    // a new secret waits: the provider would sign with it before the receivers know it
    endpoint.setStatus(statusWith(checked));
    var secretV2 = new ProviderRegistrationStep.SigningInput(ref, "n3w", "v2");
    assertThat(step.register(endpoint, URL, secretV2, credentials, false).condition().reason())
        .isEqualTo(ConditionReasons.WAITING_FOR_RECEIVERS);
    assertThat(calls).hasSize(2);
    step.register(endpoint, URL, secretV2, credentials, true);
    assertThat(calls).hasSize(3);
    assertThat(calls.get(2).signingSecret()).isEqualTo("n3w");
    assertThat(calls.get(2).knownHookId()).isEqualTo("hook-1");
  }

  @Test
  void missingCredentialsAreNotFoundUnlessTheSecretHasATypeTheOperatorDoesNotRead() {
    WebhookEndpoint endpoint = endpoint();
    ProviderRegistrationStep step = stepWith(hooks);
    var signing = new ProviderRegistrationStep.SigningInput(SigningSecrets.effectiveRef(endpoint), "s3cret", "1");

    ProviderRegistrationStep.Outcome missing = step.register(endpoint, URL, signing, null, true);
    assertThat(missing.condition().reason()).isEqualTo(ConditionReasons.CREDENTIALS_INVALID);
    assertThat(missing.condition().message())
        .contains("Secret team/api not found (spec.provider.github.credentialsSecretRef)");

    // A TLS Secret of that name exists: the informer never gets it (UnreadSecretTypes), and the message says so.
    client.secrets().inNamespace("team").resource(new SecretBuilder()
        .withNewMetadata().withName("api").withNamespace("team").endMetadata()
        .withType("kubernetes.io/tls")
        .addToData("tls.crt", "").addToData("tls.key", "")
        .build()).create();
    clock.advance(Duration.ofMinutes(1)); // past the backoff after the first failure
    ProviderRegistrationStep.Outcome typed = step.register(endpoint, URL, signing, null, true);
    assertThat(typed.condition().message()).contains("Secret team/api has type kubernetes.io/tls, which hookgate does"
        + " not read: put the credentials in an Opaque Secret (spec.provider.github.credentialsSecretRef)");
    assertThat(calls).isEmpty();
  }

  private Secret credentials() {
    return client.secrets().inNamespace("team").resource(new SecretBuilder()
        .withNewMetadata().withName("api").withNamespace("team").endMetadata()
        .addToData("token", Base64.getEncoder().encodeToString("t".getBytes(StandardCharsets.UTF_8)))
        .build()).create();
  }

  /** An API registrar that records every register call in {@link #calls} and answers with {@code answer}. */
  private ProviderRegistrar recording(boolean issuesSigningSecret,
      Function<RegistrationRequest, RegistrationResult> answer) {
    return new ProviderRegistrar() {
      @Override
      public boolean registersThroughApi() {
        return true;
      }

      @Override
      public boolean issuesSigningSecret() {
        return issuesSigningSecret;
      }

      @Override
      public RegistrationResult register(RegistrationRequest request) {
        calls.add(request);
        return answer.apply(request);
      }

      @Override
      public RegistrationResult deregister(RegistrationRequest request) {
        return new RegistrationResult.Deregistered("deleted");
      }
    };
  }

  /** The step with {@code registrar} for GitHub endpoints. */
  private ProviderRegistrationStep stepWith(ProviderRegistrar registrar) {
    events = new ConditionEventRecorder(client, clock);
    return new ProviderRegistrationStep(
        new ProviderRegistrars(new ProviderApis(Duration.ofSeconds(1), clock)).with(ProviderType.GITHUB, registrar),
        new SigningSecretWriter(client), new UnreadSecretCheck(client), events, RESYNC, Duration.ofSeconds(10),
        clock);
  }

  private static WebhookEndpointStatus statusWith(ProviderRegistrationStep.Outcome outcome) {
    WebhookEndpointStatus status = new WebhookEndpointStatus();
    status.setProvider(outcome.status());
    status.setConditions(new ArrayList<>(List.of(new ConditionBuilder()
        .withType(ConditionType.PROVIDER_REGISTERED.value())
        .withStatus(outcome.condition().status())
        .withReason(outcome.condition().reason())
        .withMessage(outcome.condition().message())
        .build())));
    return status;
  }

  private static WebhookEndpoint endpoint() {
    return new KubernetesSerialization().unmarshal("""
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: ci, namespace: team, uid: uid-1, generation: 1}
        spec:
          provider:
            type: github
            github: {repository: acme/app, credentialsSecretRef: {name: api}}
          target: {service: {name: t, port: 80}}
        """, WebhookEndpoint.class);
  }
}
