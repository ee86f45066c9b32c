package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.ProviderStatus;
import dev.hookgate.operator.api.SecretKeyRef;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.api.WebhookEndpointStatus;
import dev.hookgate.operator.provider.ProviderCredentials;
import dev.hookgate.operator.provider.ProviderRegistrar;
import dev.hookgate.operator.provider.ProviderRegistrars;
import dev.hookgate.operator.provider.RegistrationRequest;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.RegistrationResult.Change;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The provider side of an endpoint: asks the endpoint's registrar to make the provider match (only when the
 * {@link RegistrationSchedule} says it is due), stores a provider-issued secret at once, and turns the result into
 * the ProviderRegistered condition, status.provider, an Event for every change at the provider, and when to look
 * again.
 */
public class ProviderRegistrationStep {

  static final Map<FailureKind, String> REASONS = new EnumMap<>(Map.of(
      FailureKind.CREDENTIALS_INVALID, ConditionReasons.CREDENTIALS_INVALID,
      FailureKind.RATE_LIMITED, ConditionReasons.RATE_LIMITED,
      FailureKind.PROVIDER_UNAVAILABLE, ConditionReasons.PROVIDER_UNAVAILABLE,
      FailureKind.INVALID_CONFIGURATION, ConditionReasons.INVALID_CONFIGURATION));

  static final Map<Change, String> EVENT_REASONS = new EnumMap<>(Map.of(
      Change.CREATED, ConditionReasons.HOOK_CREATED,
      Change.UPDATED, ConditionReasons.HOOK_UPDATED,
      Change.RECREATED, ConditionReasons.HOOK_RECREATED,
      Change.REPLACED, ConditionReasons.HOOK_REPLACED));

  /**
   * What one registration step found.
   *
   * @param condition the ProviderRegistered outcome
   * @param status status.provider; null for providers set up by hand
   * @param recheckAfter when the provider is due again; null to wait for a change
   */
  public record Outcome(ConditionOutcome condition, ProviderStatus status, Duration recheckAfter) {}

  /** The signing secret to register with: its value (null when the provider issues it) and Secret version. */
  public record SigningInput(SecretKeyRef ref, String value, String resourceVersion) {
    @Override
    public String toString() {
      return "SigningInput[ref=" + ref.getName() + "/" + ref.getKey() + ", value=(redacted), resourceVersion="
          + resourceVersion + "]";
    }
  }

  /**
   * What deleting the provider's hook came to.
   *
   * @param failure the ProviderRegistered=False outcome when the hook could not be deleted; null when done
   * @param retryAfter when to try again; null when done
   */
  public record Deregistration(ConditionOutcome failure, Duration retryAfter) {
    static final Deregistration DONE = new Deregistration(null, null);
  }

  private final Map<String, Integer> deletionFailures = new java.util.concurrent.ConcurrentHashMap<>();
  private final ProviderRegistrars registrars;
  private final SigningSecretWriter secrets;
  private final UnreadSecretCheck unreadSecrets;
  private final ConditionEventRecorder events;
  private final RegistrationSchedule schedule;
  private final Clock clock;

  public ProviderRegistrationStep(ProviderRegistrars registrars, SigningSecretWriter secrets,
      UnreadSecretCheck unreadSecrets, ConditionEventRecorder events, Duration resync, Duration backoff, Clock clock) {
    this.registrars = registrars;
    this.secrets = secrets;
    this.unreadSecrets = unreadSecrets;
    this.events = events;
    this.schedule = new RegistrationSchedule(resync, backoff);
    this.clock = clock;
  }

  public ProviderRegistrar registrar(WebhookEndpoint endpoint) {
    return registrars.forEndpoint(endpoint);
  }

  /**
   * @param credentialsSecret the Secret the provider block names; null when it is missing (or none is named)
   * @param routeServed every receiver serves the endpoint's route at its current generation. A hook is created or
   *     changed only then: GitHub pings a new hook at once, and a provider given a new secret signs with it at
   *     once, and neither retries a delivery a receiver refused. A drift check of an unchanged hook does not wait,
   *     nor does a provider that issues the secret (Stripe: no route can exist before its secret, and it does not
   *     ping; waiting there only made its condition flip between Registered and waiting).
   */
  public Outcome register(WebhookEndpoint endpoint, String url, SigningInput signing, Secret credentialsSecret,
      boolean routeServed) {
    ProviderRegistrar registrar = registrar(endpoint);
    WebhookEndpointStatus prior = endpoint.getStatus();
    ProviderStatus priorProvider = prior == null ? null : prior.getProvider();
    if (!registrar.registersThroughApi()) {
      return new Outcome(outcome(registrar.register(new RegistrationRequest(endpoint, URI.create(url),
          signing.value(), null, null))), null, null);
    }
    Instant now = clock.instant();
    String credentialsVersion =
        credentialsSecret == null ? "missing" : credentialsSecret.getMetadata().getResourceVersion();
    String inputs = RegistrationSchedule.inputs(generation(endpoint), url, signing.resourceVersion(),
        credentialsVersion);
    Condition priorCondition = prior == null ? null : prior.condition(ConditionType.PROVIDER_REGISTERED).orElse(null);
    // A condition this step did not write (NotChecked, WaitingForUrl) says nothing about the provider: look.
    boolean unknown = priorCondition == null || ConditionOutcome.UNKNOWN.equals(priorCondition.getStatus());
    Instant due = unknown ? Instant.EPOCH : schedule.nextCall(priorProvider, inputs);
    if (due == null || due.isAfter(now)) {
      return new Outcome(fromCondition(priorCondition), priorProvider,
          due == null ? null : Duration.between(now, due));
    }
    boolean changesTheHook = priorProvider == null || priorProvider.getHookId() == null
        || !inputs.equals(priorProvider.getSyncedInputs());
    if (changesTheHook && !routeServed && !registrar.issuesSigningSecret()) {
      return new Outcome(ConditionOutcome.unknown(ConditionType.PROVIDER_REGISTERED,
          ConditionReasons.WAITING_FOR_RECEIVERS, "the hook is set up at the provider once every receiver serves"
              + " this generation of the route, so its first delivery is not refused"), priorProvider, null);
    }
    String credentialsName = endpoint.getMetadata().getNamespace() + "/" + credentialsSecretName(endpoint);
    RegistrationResult result = credentialsSecret == null
        ? new RegistrationResult.Failed(FailureKind.CREDENTIALS_INVALID, missingCredentials(endpoint)
            + " (spec.provider." + endpoint.getSpec().getProvider().getType().wireName() + ".credentialsSecretRef)",
            null)
        : registrar.register(new RegistrationRequest(endpoint, URI.create(url), signing.value(),
            credentials(credentialsName, credentialsSecret),
            priorProvider == null ? null : priorProvider.getHookId(),
            priorProvider == null || priorProvider.getSigningSecretVersion() == null
                || !priorProvider.getSigningSecretVersion().equals(signing.resourceVersion())));
    return apply(endpoint, url, signing, result, priorProvider, credentialsVersion, now);
  }

  /**
   * Why the credentials Secret the provider block names is not there: "not found", or, when it exists with a type
   * the operator does not read ({@link UnreadSecretTypes}), that type. One GET, made only in that case.
   */
  private String missingCredentials(WebhookEndpoint endpoint) {
    String namespace = endpoint.getMetadata().getNamespace();
    String name = credentialsSecretName(endpoint);
    return unreadSecrets.unreadTypeOf(namespace, name, "credentials")
        .orElse("Secret " + namespace + "/" + name + " not found");
  }

  /** The Secret the provider block's credentialsSecretRef names (in the endpoint's namespace). */
  private static String credentialsSecretName(WebhookEndpoint endpoint) {
    return endpoint.getSpec().getProvider().registrationBlock().orElseThrow().getCredentialsSecretRef().getName();
  }

  /**
   * Deletes the provider's hook of an endpoint being deleted, unless the skip annotation says not to. Failures are
   * retried with the backoff (or at the provider's reset time); the message says how to skip.
   */
  public Deregistration deregister(WebhookEndpoint endpoint, Secret credentialsSecret) {
    ProviderRegistrar registrar = registrar(endpoint);
    String uid = endpoint.getMetadata().getUid();
    var annotations = endpoint.getMetadata().getAnnotations();
    if (annotations != null && "true".equalsIgnoreCase(annotations.get(WebhookEndpoint.SKIP_DEREGISTRATION))) {
      if (registrar.registersThroughApi()) {
        events.recordEvent(endpoint, "Normal", ConditionReasons.DEREGISTRATION_SKIPPED,
            "the provider's hook was left in place (annotation " + WebhookEndpoint.SKIP_DEREGISTRATION + ")");
      }
      deletionFailures.remove(uid);
      return Deregistration.DONE;
    }
    if (!registrar.registersThroughApi()) {
      registrar.deregister(new RegistrationRequest(endpoint, null, null, null, null));
      return Deregistration.DONE;
    }
    WebhookEndpointStatus status = endpoint.getStatus();
    String hookId = status == null || status.getProvider() == null ? null : status.getProvider().getHookId();
    String url = status == null ? null : status.getUrl();
    if (hookId == null && url == null) {
      return Deregistration.DONE;
    }
    String credentialsName = endpoint.getMetadata().getNamespace() + "/" + credentialsSecretName(endpoint);
    RegistrationResult result = credentialsSecret == null
        ? new RegistrationResult.Failed(FailureKind.CREDENTIALS_INVALID,
            missingCredentials(endpoint) + ": the hook cannot be deleted without it", null)
        : registrar.deregister(new RegistrationRequest(endpoint, url == null ? null : URI.create(url), null,
            credentials(credentialsName, credentialsSecret), hookId));
    if (result instanceof RegistrationResult.Failed failed) {
      int failures = deletionFailures.merge(uid, 1, Integer::sum);
      Instant now = clock.instant();
      Instant retryAt = now.plus(schedule.backoff(failures));
      if (failed.retryNotBefore() != null && failed.retryNotBefore().isAfter(retryAt)) {
        retryAt = failed.retryNotBefore();
      }
      return new Deregistration(ConditionOutcome.failed(ConditionType.PROVIDER_REGISTERED,
          REASONS.get(failed.kind()), "deleting the provider's hook failed, retrying: " + failed.message()
              + "; to delete the endpoint without it, annotate " + WebhookEndpoint.SKIP_DEREGISTRATION + "=true"),
          Duration.between(now, retryAt));
    }
    deletionFailures.remove(uid);
    if (result instanceof RegistrationResult.Deregistered deregistered) {
      events.recordEvent(endpoint, "Normal", ConditionReasons.DEREGISTERED, deregistered.detail());
    }
    return Deregistration.DONE;
  }

  private Outcome apply(WebhookEndpoint endpoint, String url, SigningInput signing, RegistrationResult result,
      ProviderStatus prior, String credentialsVersion, Instant now) {
    String inputs = RegistrationSchedule.inputs(generation(endpoint), url, signing.resourceVersion(),
        credentialsVersion);
    ProviderStatus next = prior == null ? new ProviderStatus() : new ProviderStatus(prior);
    next.setSyncedInputs(inputs);
    if (result instanceof RegistrationResult.Registered registered) {
      String signingVersion = signing.resourceVersion();
      if (registered.issuedSecret() != null) {
        // Before anything else: a secret only the provider's reply carried is lost if this write does not happen.
        signingVersion = secrets.storeIssued(endpoint, signing.ref(), registered.issuedSecret());
        next.setSyncedInputs(RegistrationSchedule.inputs(generation(endpoint), url, signingVersion,
            credentialsVersion));
      }
      next.setHookId(registered.hookId());
      next.setRegisteredUrl(url);
      next.setLastSyncTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
      next.setSigningSecretVersion(signingVersion);
      next.setFailures(null);
      next.setNextAttemptTime(null);
      if (registered.change() != Change.UNCHANGED) {
        events.recordEvent(endpoint, "Normal", EVENT_REASONS.get(registered.change()), registered.detail());
      }
      return new Outcome(outcome(result), next, schedule.resync());
    }
    if (result instanceof RegistrationResult.Failed failed) {
      int failures = (prior == null || prior.getFailures() == null ? 0 : prior.getFailures()) + 1;
      Instant retryAt = schedule.retryAt(failed.kind(), failed.retryNotBefore(), failures, now);
      next.setFailures(failures);
      next.setNextAttemptTime(retryAt == null ? null : retryAt.toString());
      Duration wait = retryAt == null ? null : Duration.between(now, retryAt);
      return new Outcome(outcome(result), next, wait != null && wait.isNegative() ? Duration.ZERO : wait);
    }
    return new Outcome(outcome(result), null, null);
  }

  /** The ProviderRegistered condition a registrar's result stands for. */
  static ConditionOutcome outcome(RegistrationResult result) {
    if (result instanceof RegistrationResult.Manual manual) {
      return ConditionOutcome.ok(ConditionType.PROVIDER_REGISTERED, ConditionReasons.MANUAL_REGISTRATION_REQUIRED,
          manual.instructions());
    }
    if (result instanceof RegistrationResult.Registered registered) {
      return ConditionOutcome.ok(ConditionType.PROVIDER_REGISTERED, ConditionReasons.REGISTERED,
          registered.detail());
    }
    if (result instanceof RegistrationResult.Failed failed) {
      return ConditionOutcome.failed(ConditionType.PROVIDER_REGISTERED, REASONS.get(failed.kind()),
          failed.message());
    }
    throw new IllegalArgumentException("register() returned " + result);
  }

  private static ConditionOutcome fromCondition(Condition condition) {
    return new ConditionOutcome(ConditionType.PROVIDER_REGISTERED, condition.getStatus(), condition.getReason(),
        condition.getMessage());
  }

  static ProviderCredentials credentials(String name, Secret secret) {
    Map<String, String> values = new HashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((key, value) ->
          values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    return new ProviderCredentials(name, values);
  }

  private static long generation(WebhookEndpoint endpoint) {
    Long generation = endpoint.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
