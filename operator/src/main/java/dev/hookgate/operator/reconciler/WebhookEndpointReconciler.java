package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.GitHubProviderBlock;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.api.WebhookEndpointStatus;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.dependent.ManagedLabels;
import dev.hookgate.operator.dependent.PublicEndpoint;
import dev.hookgate.operator.api.ProviderStatus;
import dev.hookgate.operator.provider.SigningSecrets;
import dev.hookgate.operator.provider.github.GitHubHookRanges;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.hookgate.operator.receiver.ReceiverProgress;
import dev.hookgate.operator.routes.RouteBuilder;
import dev.hookgate.operator.routes.RouteChange;
import dev.hookgate.operator.routes.RoutesSecretWriter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import dev.hookgate.operator.api.SecretKeyRef;
import dev.hookgate.routing.ProviderType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one WebhookEndpoint in steps: slug, spec check, signing Secret (generated when none is named),
 * Ingress, route, provider registration, receivers, status. Each step is its own class. Deletion deregisters the
 * provider's hook first and keeps the finalizer until that worked or was skipped by annotation.
 */
// Generation-aware processing would ignore a replay request, which changes only annotations: the filter lets
// through what it would, and that.
@ControllerConfiguration(name = WebhookEndpointReconciler.NAME, generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = ReplayAwareUpdateFilter.class))
public class WebhookEndpointReconciler implements Reconciler<WebhookEndpoint>, Cleaner<WebhookEndpoint> {

  public static final String NAME = "webhookendpoint";
  static final String SIGNING_SECRET_INDEX = "signing-secret-ref";
  static final String SIGNING_SECRETS = "signing-secrets";
  static final String INGRESSES = "ingresses";
  static final String HTTP_ROUTES = "httproutes";
  static final String REFERENCE_GRANTS = "referencegrants";

  private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpointReconciler.class);
  /** How often waiting endpoints' progress is looked up in the receivers' (shared, cached) reports. */
  static final Duration RECEIVER_PROGRESS_POLL = Duration.ofMillis(250);
  /** How often loaded endpoints' dead letters and stops are compared with the receivers' reports. */
  static final Duration DEAD_LETTERS_POLL = Duration.ofSeconds(5);

  private final OperatorSettings settings;
  private final RoutesSecretWriter routes;
  private final IngressStep ingress;
  private final HTTPRouteStep httpRoutes;
  private final GatewayApi gatewayApi;
  private final ReceiverCheck receivers;
  private final ProviderRegistrationStep registration;
  private final SigningSecretWriter signingSecrets;
  private final UnreadSecretCheck unreadSecrets;
  private final GitHubHookRanges hookRanges;
  private final ReplayStep replays;
  private final WebhookEndpointStatusFactory statusFactory;
  private final ConditionEventRecorder events;
  private final Clock clock;
  private final ReceiverProgressEventSource receiverProgress;
  private volatile IndexedResourceCache<WebhookEndpoint> primaryCache;

  public WebhookEndpointReconciler(
      OperatorSettings settings,
      RoutesSecretWriter routes,
      IngressStep ingress,
      HTTPRouteStep httpRoutes,
      GatewayApi gatewayApi,
      ReceiverCheck receivers,
      ProviderRegistrationStep registration,
      SigningSecretWriter signingSecrets,
      UnreadSecretCheck unreadSecrets,
      GitHubHookRanges hookRanges,
      ReplayStep replays,
      WebhookEndpointStatusFactory statusFactory,
      ConditionEventRecorder events,
      Clock clock) {
    this.settings = settings;
    this.routes = routes;
    this.ingress = ingress;
    this.httpRoutes = httpRoutes;
    this.gatewayApi = gatewayApi;
    this.receivers = receivers;
    this.registration = registration;
    this.signingSecrets = signingSecrets;
    this.unreadSecrets = unreadSecrets;
    this.hookRanges = hookRanges;
    this.replays = replays;
    this.statusFactory = statusFactory;
    this.events = events;
    this.clock = clock;
    this.receiverProgress = new ReceiverProgressEventSource(receivers, RECEIVER_PROGRESS_POLL, DEAD_LETTERS_POLL);
  }

  @Override
  public List<EventSource<?, WebhookEndpoint>> prepareEventSources(EventSourceContext<WebhookEndpoint> context) {
    // Signing Secrets (current, previous, generated) and provider credentials Secrets: index endpoints by the
    // Secrets they name, so a Secret created or changed later triggers exactly the endpoints that reference it.
    // Types that cannot hold either (Helm releases, TLS, ...) are not even sent to us: UnreadSecretTypes.
    primaryCache = context.getPrimaryCache();
    context.getPrimaryCache().addIndexer(SIGNING_SECRET_INDEX, WebhookEndpointReconciler::referencedSecretKeys);
    InformerEventSource<Secret, WebhookEndpoint> secrets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, WebhookEndpoint.class)
                .withName(SIGNING_SECRETS)
                .withLabelSelector(ManagedLabels.NOT_ROUTES_TABLE)
                .withFieldSelector(UnreadSecretTypes.fieldSelector())
                .withSecondaryToPrimaryMapper(
                    (Secret secret) -> context
                        .getPrimaryCache()
                        .byIndex(SIGNING_SECRET_INDEX, key(secret.getMetadata().getNamespace(),
                            secret.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build(),
            context);
    // Our Ingresses in the receiver namespace: an address being assigned updates IngressReady.
    InformerEventSource<Ingress, WebhookEndpoint> ingresses =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Ingress.class, WebhookEndpoint.class)
                .withName(INGRESSES)
                .withNamespaces(Set.of(settings.receiverNamespace()))
                .withLabelSelector(ManagedLabels.SELECTOR)
                .withSecondaryToPrimaryMapper(WebhookEndpointReconciler::endpointOf)
                .build(),
            context);
    if (!gatewayApi.installed()) {
      return List.of(secrets, ingresses, receiverProgress);
    }
    // With the Gateway API: our HTTPRoutes (in the endpoints' namespaces), so a Gateway accepting or refusing one
    // updates IngressReady; and our ReferenceGrants, so one deleted by hand is put back.
    InformerEventSource<HTTPRoute, WebhookEndpoint> httpRouteSource =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(HTTPRoute.class, WebhookEndpoint.class)
                .withName(HTTP_ROUTES)
                .withLabelSelector(ManagedLabels.SELECTOR)
                .withSecondaryToPrimaryMapper(WebhookEndpointReconciler::endpointOf)
                .build(),
            context);
    InformerEventSource<ReferenceGrant, WebhookEndpoint> grants =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ReferenceGrant.class, WebhookEndpoint.class)
                .withName(REFERENCE_GRANTS)
                .withNamespaces(Set.of(settings.receiverNamespace()))
                .withLabelSelector(ManagedLabels.SELECTOR)
                .withSecondaryToPrimaryMapper((ReferenceGrant grant) -> {
                  String namespace = grant.getMetadata().getLabels().get(ManagedLabels.ENDPOINT_NAMESPACE);
                  return namespace == null
                      ? Set.of()
                      : context.getPrimaryCache().list(namespace)
                          .filter(WebhookEndpointReconciler::usesGateway)
                          .map(ResourceID::fromResource)
                          .collect(Collectors.toSet());
                })
                .build(),
            context);
    return List.of(secrets, ingresses, httpRouteSource, grants, receiverProgress);
  }

  /** The WebhookEndpoints in the operator's informer cache (none before the operator started). */
  public Stream<WebhookEndpoint> cachedEndpoints() {
    IndexedResourceCache<WebhookEndpoint> cache = primaryCache;
    return cache == null ? Stream.empty() : cache.list();
  }

  @Override
  public UpdateControl<WebhookEndpoint> reconcile(WebhookEndpoint endpoint, Context<WebhookEndpoint> context) {
    WebhookEndpointStatus prior = endpoint.getStatus();
    String storedSlug = prior == null ? null : prior.getSlug();
    boolean firstReconcile = storedSlug == null || storedSlug.isBlank();
    String slug = firstReconcile ? Slugs.generate() : storedSlug;
    long generation = generation(endpoint);
    Observation observation = observe(endpoint, slug, !firstReconcile, context);
    WebhookEndpointStatus next = statusFactory.status(prior, generation, observation);
    events.record(endpoint, prior, next);
    if (firstReconcile) {
      return storeFirstStatus(endpoint, context, next, observation.recheckAfter());
    }
    ReplayStep.Outcome replay = replays.handle(endpoint, prior.getReplay());
    next.setReplay(replay.status());
    Duration recheck = earliest(observation.recheckAfter(), replay.recheckAfter());
    UpdateControl<WebhookEndpoint> control;
    if (next.equals(prior)) {
      control = UpdateControl.noUpdate();
    } else if (settings.serverSideApply()) {
      endpoint.setStatus(next);
      control = UpdateControl.patchStatus(endpoint);
    } else {
      storeStatus(endpoint, context, next);
      control = UpdateControl.noUpdate();
    }
    return recheck == null ? control : control.rescheduleAfter(recheck);
  }

  /**
   * Without server-side apply (API servers that lack it), the framework's status patch is a JSON patch computed
   * against the cached copy, with no resourceVersion: against a stale copy it changed some fields of a condition
   * and not others, leaving e.g. status True with the reason of another write. Here the whole status is written,
   * optimistically locked and re-applied to a fresh read on conflict, and the result goes into the cache.
   */
  private static void storeStatus(
      WebhookEndpoint endpoint, Context<WebhookEndpoint> context, WebhookEndpointStatus next) {
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(endpoint, context, fresh -> {
      fresh.setStatus(next);
      return fresh;
    });
  }


  private Observation observe(
      WebhookEndpoint endpoint, String slug, boolean slugStored, Context<WebhookEndpoint> context) {
    String url = PublicEndpoint.url(endpoint, slug, settings).orElse(null);
    boolean hasProvider = endpoint.getSpec() != null && endpoint.getSpec().getProvider() != null
        && endpoint.getSpec().getProvider().getType() != null;
    boolean issuesSecret = hasProvider && registration.registrar(endpoint).issuesSigningSecret();
    ConditionOutcome specProblem = SpecCheck.problem(endpoint, issuesSecret).orElse(null);
    ProviderStatus priorProvider = endpoint.getStatus() == null ? null : endpoint.getStatus().getProvider();
    Instant now = clock.instant();
    SecretKeyRef signingRef = hasProvider ? SigningSecrets.effectiveRef(endpoint) : null;
    Secret signing = signingRef == null ? null : secret(signingRef.getName(), endpoint, context);
    if (signing == null && specProblem == null && SigningSecrets.isGenerated(endpoint) && !issuesSecret) {
      signing = signingSecrets.createGenerated(endpoint, signingRef,
          SigningSecrets.generate(endpoint.getSpec().getProvider().getType()).orElseThrow());
      LOG.info("WebhookEndpoint {}/{}: generated its signing secret into Secret {}",
          endpoint.getMetadata().getNamespace(), endpoint.getMetadata().getName(), signingRef.getName());
    }
    SigningSecretResolution signingSecret = null;
    Secret previous = null;
    if (signingRef != null) {
      previous = secret(endpoint.getSpec().getPreviousSigningSecretRef(), endpoint, context);
      try {
        signingSecret = SigningSecretResolution.resolve(endpoint, signing, previous, now);
      } catch (IllegalArgumentException e) {
        // An unreadable previousSigningSecretRef.expiresAt: SpecCheck reports it as the spec problem.
      }
    }
    ConditionOutcome secretResolved =
        signingSecret == null ? notChecked(ConditionType.SECRET_RESOLVED, specProblem) : signingSecret.outcome();
    if (signingSecret != null && !signingSecret.resolved()) {
      secretResolved = unreadTypeOfMissing(endpoint, signing == null ? signingRef : null,
          previous == null ? endpoint.getSpec().getPreviousSigningSecretRef() : null)
          .orElse(secretResolved);
    }
    // GitHub's hooks addresses (sourceRangesFromMeta) go into the Ingress's allowlist as into the route.
    Optional<GitHubProviderBlock> rangesFromMeta = hasProvider && specProblem == null
        ? endpoint.getSpec().getProvider().githubSourceRangesFromMeta() : Optional.empty();
    GitHubHookRanges.Lookup hooks =
        rangesFromMeta.map(block -> hookRanges.hooks(URI.create(block.apiBaseUrl()))).orElse(null);
    List<String> providerRanges = providerRanges(hooks);
    ConditionOutcome ingressReady =
        endpoint.getSpec() == null
            ? notChecked(ConditionType.INGRESS_READY, specProblem)
            : publish(endpoint, slug, providerRanges, context);

    if (specProblem == null && !signingSecret.resolved() && issuesSecret && url != null && slugStored) {
      // The provider issues the secret (Stripe): register first; the issued secret is stored in the signing
      // Secret, whose change brings the next reconcile, which writes the route.
      ProviderRegistrationStep.Outcome registered = registration.register(endpoint, url,
          new ProviderRegistrationStep.SigningInput(signingRef, null,
              signing == null ? null : signing.getMetadata().getResourceVersion()),
          credentialsSecret(endpoint, context), false);
      return new Observation(slug, url, null, secretResolved, ingressReady,
          notChecked(ConditionType.RECEIVER_CONFIGURED, secretResolved), registered.condition(), null,
          registered.recheckAfter(), registered.status());
    }
    if (specProblem != null || !signingSecret.resolved()) {
      // Terminal until the spec or the Secret changes, and both trigger a reconcile: no periodic retry.
      // The route is left as it is: removing it would cut deliveries over a fixable mistake.
      // One exception: a missing previous Secret stops mattering when the rotation ends.
      ConditionOutcome blocker = specProblem != null ? specProblem : secretResolved;
      Duration recheck = specProblem == null ? untilRotationEnds(endpoint, now) : null;
      if (specProblem == null && issuesSecret && url != null && !slugStored) {
        // The provider that issues the secret is called once the slug is stored, and storing it brings no event
        // (the write is this reconciler's own): without a recheck the endpoint would wait for an unrelated change.
        recheck = settings.pendingRecheck();
      }
      return new Observation(slug, url, specProblem, secretResolved, ingressReady,
          notChecked(ConditionType.RECEIVER_CONFIGURED, blocker), notChecked(ConditionType.PROVIDER_REGISTERED, blocker),
          null, recheck, priorProvider);
    }

    if (url == null && endpoint.getSpec().getProvider().getType() == ProviderType.TWILIO) {
      // Twilio signs the public URL: without one no delivery could verify, so no route is written. IngressReady
      // is False (NoPublicHost) and says what to set.
      return new Observation(slug, url, null, secretResolved, ingressReady,
          notChecked(ConditionType.RECEIVER_CONFIGURED, ingressReady), notChecked(ConditionType.PROVIDER_REGISTERED,
          ingressReady), null, null, priorProvider);
    }

    if (hooks instanceof GitHubHookRanges.Unavailable unavailable) {
      // Written without them, the route would take deliveries from anywhere: it waits (one written before stays).
      ConditionOutcome waiting = ConditionOutcome.failed(ConditionType.RECEIVER_CONFIGURED,
          ConditionReasons.SOURCE_RANGES_UNAVAILABLE, "GitHub's hooks addresses"
              + " (spec.provider.github.sourceRangesFromMeta) could not be read: " + unavailable.message()
              + "; retrying");
      // Looked at again every few seconds; GitHubHookRanges asks GitHub for a list never read at most every 30 s.
      return new Observation(slug, url, null, secretResolved, ingressReady, waiting,
          notChecked(ConditionType.PROVIDER_REGISTERED, waiting), null, PendingRecheck.MAX, priorProvider);
    }
    routes.apply(RouteChange.put(
        RouteBuilder.route(endpoint, slug, signingSecret.secrets(), providerRanges, settings)));
    ReceiverProgress progress = receivers.progress(slug, generation(endpoint));
    if (progress.configured()) {
      receiverProgress.loaded(ResourceID.fromResource(endpoint), slug, generation(endpoint), progress.deliveries());
    } else {
      receiverProgress.await(ResourceID.fromResource(endpoint), slug, generation(endpoint));
    }
    // The provider is pointed at the URL only once the URL is stored: a hook registered with a slug that then lost
    // the race to another reconcile would point nowhere. A hook is created or changed only once the receivers serve
    // the route (see ProviderRegistrationStep.register); the progress event source brings the reconcile for that.
    ProviderRegistrationStep.Outcome registered;
    if (url == null) {
      registered = new ProviderRegistrationStep.Outcome(ConditionOutcome.unknown(ConditionType.PROVIDER_REGISTERED,
          ConditionReasons.WAITING_FOR_URL, "the provider is set up once the endpoint has a public URL"),
          priorProvider, null);
    } else if (!slugStored) {
      registered = new ProviderRegistrationStep.Outcome(ConditionOutcome.unknown(ConditionType.PROVIDER_REGISTERED,
          ConditionReasons.WAITING_FOR_URL, "the provider is set up once the endpoint's URL is stored"),
          priorProvider, settings.pendingRecheck());
    } else {
      registered = registration.register(endpoint, url, new ProviderRegistrationStep.SigningInput(signingRef,
          signingSecret.value(), signing.getMetadata().getResourceVersion()), credentialsSecret(endpoint, context),
          progress.configured());
    }

    Duration recheck = progress.configured()
        ? settings.resync()
        : PendingRecheck.after(endpoint.getStatus(), now, settings.pendingRecheck());
    // Compile the route again when the previous secret expires, so it leaves the routing table on time.
    recheck = earliest(recheck, untilRotationEnds(endpoint, now));
    recheck = earliest(recheck, registered.recheckAfter());
    if (rangesFromMeta.isPresent()) {
      recheck = earliest(recheck, hookRanges.refreshEvery()); // GitHub's list is read again this often
    }
    return new Observation(slug, url, null, secretResolved, ingressReady, ReceiverCheck.outcome(progress),
        registered.condition(), progress.lastEventTime(), recheck, registered.status(),
        progress.deliveries());
  }

  /** GitHub's hooks CIDRs for the route and the Ingress: none without sourceRangesFromMeta, null while unreadable. */
  private static List<String> providerRanges(GitHubHookRanges.Lookup hooks) {
    if (hooks instanceof GitHubHookRanges.Unavailable) {
      return null;
    }
    return hooks instanceof GitHubHookRanges.Known known ? known.cidrs() : List.of();
  }

  /** The sooner of two rechecks; either may be null (none). */
  private static Duration earliest(Duration recheck, Duration other) {
    if (recheck == null || other == null) {
      return recheck == null ? other : recheck;
    }
    return other.compareTo(recheck) < 0 ? other : recheck;
  }

  /**
   * The public side: an HTTPRoute with spec.gateway, else an Ingress; the other one is removed, so switching
   * between the two leaves nothing behind.
   */
  private ConditionOutcome publish(
      WebhookEndpoint endpoint, String slug, List<String> providerRanges, Context<WebhookEndpoint> context) {
    if (usesGateway(endpoint)) {
      ingress.delete(endpoint);
      return httpRoutes.apply(endpoint, slug);
    }
    // Only when switching away from spec.gateway: the informer knows whether this endpoint has an HTTPRoute.
    if (gatewayApi.installed() && context.getSecondaryResource(HTTPRoute.class, HTTP_ROUTES).isPresent()) {
      httpRoutes.delete(endpoint, () -> namespaceStillUsesGateway(endpoint, context));
    }
    return ingress.apply(endpoint, slug, providerRanges, ingressCache(context));
  }

  /** Whether another endpoint of this one's namespace, not being deleted, has spec.gateway. */
  private static boolean namespaceStillUsesGateway(WebhookEndpoint endpoint, Context<WebhookEndpoint> context) {
    return context.getPrimaryCache().list(endpoint.getMetadata().getNamespace())
        .filter(other -> !other.getMetadata().getName().equals(endpoint.getMetadata().getName()))
        .filter(other -> other.getMetadata().getDeletionTimestamp() == null)
        .anyMatch(WebhookEndpointReconciler::usesGateway);
  }

  static boolean usesGateway(WebhookEndpoint endpoint) {
    return endpoint.getSpec() != null && endpoint.getSpec().getGateway() != null;
  }

  /** Time left until spec.previousSigningSecretRef.expiresAt; null when there is none or it has passed. */
  private static Duration untilRotationEnds(WebhookEndpoint endpoint, Instant now) {
    var previous = endpoint.getSpec().getPreviousSigningSecretRef();
    if (previous == null) {
      return null;
    }
    Instant expiresAt = SigningSecretResolution.parseExpiresAt(previous.getExpiresAt());
    return now.isBefore(expiresAt) ? Duration.between(now, expiresAt) : null;
  }

  /**
   * Stores the first status, which carries the endpoint's newly generated slug. The route and the Ingress written
   * in this reconcile already use the slug; both are keyed by endpoint, not by slug, so if this write loses they
   * are simply rewritten with the stored slug next time. The write is optimistically locked, re-applied to a fresh
   * read on conflict (keeping a slug that is already stored) and its result goes into the operator's cache, so a
   * later reconcile cannot start from a stale copy without the slug and generate a second one: an endpoint's URL is
   * generated exactly once.
   */
  private static UpdateControl<WebhookEndpoint> storeFirstStatus(
      WebhookEndpoint endpoint, Context<WebhookEndpoint> context, WebhookEndpointStatus first, Duration recheck) {
    WebhookEndpoint stored = PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(endpoint, context, fresh -> {
      if (fresh.getStatus() == null || fresh.getStatus().getSlug() == null || fresh.getStatus().getSlug().isBlank()) {
        fresh.setStatus(first);
      }
      return fresh;
    });
    if (!first.getSlug().equals(stored.getStatus().getSlug())) {
      // Another reconcile stored a slug first: go again with that one.
      return UpdateControl.<WebhookEndpoint>noUpdate().rescheduleAfter(Duration.ZERO);
    }
    LOG.info("WebhookEndpoint {}/{} got its URL slug", endpoint.getMetadata().getNamespace(),
        endpoint.getMetadata().getName());
    UpdateControl<WebhookEndpoint> control = UpdateControl.noUpdate();
    return recheck == null ? control : control.rescheduleAfter(recheck);
  }


  @Override
  public DeleteControl cleanup(WebhookEndpoint endpoint, Context<WebhookEndpoint> context) {
    String namespace = endpoint.getMetadata().getNamespace();
    String name = endpoint.getMetadata().getName();
    boolean hasProvider = endpoint.getSpec() != null && endpoint.getSpec().getProvider() != null
        && endpoint.getSpec().getProvider().getType() != null;
    if (hasProvider) {
      ProviderRegistrationStep.Deregistration deregistration =
          registration.deregister(endpoint, credentialsSecret(endpoint, context));
      if (deregistration.failure() != null) {
        // The finalizer stays; the route keeps serving the provider's deliveries until its hook is gone.
        reportDeregistrationFailure(endpoint, context, deregistration.failure());
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(deregistration.retryAfter().toMillis());
      }
    }
    routes.applyAndWait(RouteChange.remove(namespace, name));
    receiverProgress.forget(ResourceID.fromResource(endpoint));
    ingress.delete(endpoint);
    httpRoutes.delete(endpoint, () -> namespaceStillUsesGateway(endpoint, context));
    LOG.info("WebhookEndpoint {}/{} deleted: route and Ingress or HTTPRoute removed", namespace, name);
    return DeleteControl.defaultDelete();
  }

  /** Sets ProviderRegistered=False with the failure's reason, unless it already says exactly that. */
  private void reportDeregistrationFailure(
      WebhookEndpoint endpoint, Context<WebhookEndpoint> context, ConditionOutcome failure) {
    WebhookEndpointStatus status = endpoint.getStatus();
    var current = status == null ? null : status.condition(ConditionType.PROVIDER_REGISTERED).orElse(null);
    if (current != null && failure.status().equals(current.getStatus()) && failure.reason().equals(current.getReason())
        && failure.message().equals(current.getMessage())) {
      return;
    }
    LOG.warn("WebhookEndpoint {}/{}: the provider's hook could not be deleted: {}",
        endpoint.getMetadata().getNamespace(), endpoint.getMetadata().getName(), failure.message());
    try {
      context.getClient().resources(WebhookEndpoint.class).inNamespace(endpoint.getMetadata().getNamespace())
          .withName(endpoint.getMetadata().getName())
          .editStatus(fresh -> {
            WebhookEndpointStatus next = fresh.getStatus() == null ? new WebhookEndpointStatus() : fresh.getStatus();
            next.setConditions(statusFactory.replace(next, failure, generation(fresh)));
            fresh.setStatus(next);
            return fresh;
          });
    } catch (KubernetesClientException e) {
      LOG.warn("Could not write the status of {}/{}: {}", endpoint.getMetadata().getNamespace(),
          endpoint.getMetadata().getName(), e.getMessage());
    }
  }

  /**
   * "Not found" made precise when a missing signing Secret ({@code current}, else {@code previous}; null when not
   * missing or not named) exists with a type the operator does not read: empty otherwise.
   */
  private Optional<ConditionOutcome> unreadTypeOfMissing(
      WebhookEndpoint endpoint, SecretKeyRef current, SecretKeyRef previous) {
    String namespace = endpoint.getMetadata().getNamespace();
    return Stream.of(current, previous)
        .filter(Objects::nonNull)
        .map(SecretKeyRef::getName)
        .flatMap(name -> unreadSecrets.unreadTypeOf(namespace, name, "signing secret")
            .map(message -> ConditionOutcome.failed(ConditionType.SECRET_RESOLVED, ConditionReasons.SECRET_NOT_FOUND,
                message))
            .stream())
        .findFirst();
  }

  /** The credentials Secret the provider block names; null when none is named or it is missing. */
  private static Secret credentialsSecret(WebhookEndpoint endpoint, Context<WebhookEndpoint> context) {
    return endpoint.getSpec().getProvider().registrationBlock()
        .map(block -> secret(block.getCredentialsSecretRef().getName(), endpoint, context))
        .orElse(null);
  }

  private static ConditionOutcome notChecked(ConditionType type, ConditionOutcome blocker) {
    return ConditionOutcome.unknown(type, ConditionReasons.NOT_CHECKED,
        "not checked while " + blocker.type().value() + " is False (" + blocker.reason() + ")");
  }

  @SuppressWarnings("unchecked")
  private static InformerEventSource<Ingress, WebhookEndpoint> ingressCache(Context<WebhookEndpoint> context) {
    return (InformerEventSource<Ingress, WebhookEndpoint>)
        context.eventSourceRetriever().getEventSourceFor(Ingress.class, INGRESSES);
  }

  /** The Secret {@code ref} names in the endpoint's namespace; null when {@code ref} is null or it is missing. */
  private static Secret secret(SecretKeyRef ref, WebhookEndpoint endpoint, Context<WebhookEndpoint> context) {
    return ref == null ? null : secret(ref.getName(), endpoint, context);
  }

  @SuppressWarnings("unchecked")
  private static Secret secret(String name, WebhookEndpoint endpoint, Context<WebhookEndpoint> context) {
    if (name == null) {
      return null;
    }
    var source = (InformerEventSource<Secret, WebhookEndpoint>)
        context.eventSourceRetriever().getEventSourceFor(Secret.class, SIGNING_SECRETS);
    return source.get(new ResourceID(name, endpoint.getMetadata().getNamespace())).orElse(null);
  }

  /**
   * The Secrets an endpoint names: its signing Secret (spec.signingSecretRef, or the generated one), the
   * previous one during a rotation, and the provider credentials Secret.
   */
  static List<String> referencedSecretKeys(WebhookEndpoint endpoint) {
    if (endpoint.getSpec() == null) {
      return List.of();
    }
    String namespace = endpoint.getMetadata().getNamespace();
    List<String> names = new java.util.ArrayList<>();
    names.add(SigningSecrets.effectiveRef(endpoint).getName());
    if (endpoint.getSpec().getPreviousSigningSecretRef() != null) {
      names.add(endpoint.getSpec().getPreviousSigningSecretRef().getName());
    }
    if (endpoint.getSpec().getProvider() != null) {
      endpoint.getSpec().getProvider().registrationBlock()
          .ifPresent(block -> names.add(block.getCredentialsSecretRef().getName()));
    }
    return names.stream().filter(java.util.Objects::nonNull).map(name -> key(namespace, name)).distinct().toList();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static Set<ResourceID> endpointOf(HasMetadata secondary) {
    Map<String, String> labels = secondary.getMetadata().getLabels();
    if (labels == null
        || labels.get(ManagedLabels.ENDPOINT_NAMESPACE) == null
        || labels.get(ManagedLabels.ENDPOINT_NAME) == null) {
      return Set.of();
    }
    return Set.of(new ResourceID(labels.get(ManagedLabels.ENDPOINT_NAME), labels.get(ManagedLabels.ENDPOINT_NAMESPACE)));
  }

  private static long generation(WebhookEndpoint endpoint) {
    Long generation = endpoint.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
