package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.api.WebhookEndpointStatus;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.dependent.ManagedLabels;
import dev.hookgate.operator.dependent.PublicEndpoint;
import dev.hookgate.operator.provider.ProviderRegistrars;
import dev.hookgate.operator.provider.RegistrationRequest;
import dev.hookgate.operator.receiver.ReceiverProgress;
import dev.hookgate.operator.routes.RouteBuilder;
import dev.hookgate.operator.routes.RouteChange;
import dev.hookgate.operator.routes.RoutesSecretWriter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
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
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import dev.hookgate.operator.api.SecretKeyRef;
import dev.hookgate.routing.ProviderType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one WebhookEndpoint in steps: slug, spec check, signing Secret, Ingress, route, receivers, status.
 * Each step is its own class; provider registration will be one more step after the route.
 */
@ControllerConfiguration(name = WebhookEndpointReconciler.NAME)
public class WebhookEndpointReconciler implements Reconciler<WebhookEndpoint>, Cleaner<WebhookEndpoint> {

  public static final String NAME = "webhookendpoint";
  static final String SIGNING_SECRET_INDEX = "signing-secret-ref";
  static final String SIGNING_SECRETS = "signing-secrets";
  static final String INGRESSES = "ingresses";
  static final String HTTP_ROUTES = "httproutes";
  static final String REFERENCE_GRANTS = "referencegrants";

  private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpointReconciler.class);

  private final OperatorSettings settings;
  private final RoutesSecretWriter routes;
  private final IngressStep ingress;
  private final HTTPRouteStep httpRoutes;
  private final GatewayApi gatewayApi;
  private final ReceiverCheck receivers;
  private final ProviderRegistrars registrars;
  private final WebhookEndpointStatusFactory statusFactory;
  private final ConditionEventRecorder events;
  private final Clock clock;

  public WebhookEndpointReconciler(
      OperatorSettings settings,
      RoutesSecretWriter routes,
      IngressStep ingress,
      HTTPRouteStep httpRoutes,
      GatewayApi gatewayApi,
      ReceiverCheck receivers,
      ProviderRegistrars registrars,
      WebhookEndpointStatusFactory statusFactory,
      ConditionEventRecorder events,
      Clock clock) {
    this.settings = settings;
    this.routes = routes;
    this.ingress = ingress;
    this.httpRoutes = httpRoutes;
    this.gatewayApi = gatewayApi;
    this.receivers = receivers;
    this.registrars = registrars;
    this.statusFactory = statusFactory;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, WebhookEndpoint>> prepareEventSources(EventSourceContext<WebhookEndpoint> context) {
    // Signing Secrets (current and previous): index endpoints by the Secrets they name, so a Secret created or
    // changed later triggers exactly the endpoints that reference it.
    context.getPrimaryCache().addIndexer(SIGNING_SECRET_INDEX, WebhookEndpointReconciler::signingSecretKeys);
    InformerEventSource<Secret, WebhookEndpoint> secrets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, WebhookEndpoint.class)
                .withName(SIGNING_SECRETS)
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
      return List.of(secrets, ingresses);
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
    return List.of(secrets, ingresses, httpRouteSource, grants);
  }

  @Override
  public UpdateControl<WebhookEndpoint> reconcile(WebhookEndpoint endpoint, Context<WebhookEndpoint> context) {
    WebhookEndpointStatus prior = endpoint.getStatus();
    String storedSlug = prior == null ? null : prior.getSlug();
    boolean firstReconcile = storedSlug == null || storedSlug.isBlank();
    String slug = firstReconcile ? Slugs.generate() : storedSlug;
    long generation = generation(endpoint);
    Observation observation = observe(endpoint, slug, context);
    WebhookEndpointStatus next = statusFactory.status(prior, generation, observation);
    events.record(endpoint, prior, next);
    if (firstReconcile) {
      return storeFirstStatus(endpoint, context, next, observation.recheckAfter());
    }
    UpdateControl<WebhookEndpoint> control;
    if (next.equals(prior)) {
      control = UpdateControl.noUpdate();
    } else {
      endpoint.setStatus(next);
      control = UpdateControl.patchStatus(endpoint);
    }
    return observation.recheckAfter() == null ? control : control.rescheduleAfter(observation.recheckAfter());
  }


  private Observation observe(WebhookEndpoint endpoint, String slug, Context<WebhookEndpoint> context) {
    String url = PublicEndpoint.url(endpoint, slug, settings).orElse(null);
    ConditionOutcome specProblem = SpecCheck.problem(endpoint).orElse(null);
    Instant now = clock.instant();
    SigningSecretResolution signingSecret = null;
    if (endpoint.getSpec() != null && endpoint.getSpec().getSigningSecretRef() != null) {
      try {
        signingSecret = SigningSecretResolution.resolve(
            endpoint,
            secret(endpoint.getSpec().getSigningSecretRef(), endpoint, context),
            secret(endpoint.getSpec().getPreviousSigningSecretRef(), endpoint, context),
            now);
      } catch (IllegalArgumentException e) {
        // An unreadable previousSigningSecretRef.expiresAt: SpecCheck reports it as the spec problem.
      }
    }
    ConditionOutcome secretResolved =
        signingSecret == null ? notChecked(ConditionType.SECRET_RESOLVED, specProblem) : signingSecret.outcome();
    ConditionOutcome ingressReady =
        endpoint.getSpec() == null
            ? notChecked(ConditionType.INGRESS_READY, specProblem)
            : publish(endpoint, slug, context);

    if (specProblem != null || !signingSecret.resolved()) {
      // Terminal until the spec or the Secret changes, and both trigger a reconcile: no periodic retry.
      // The route is left as it is: removing it would cut deliveries over a fixable mistake.
      // One exception: a missing previous Secret stops mattering when the rotation ends.
      ConditionOutcome blocker = specProblem != null ? specProblem : secretResolved;
      return new Observation(slug, url, specProblem, secretResolved, ingressReady,
          notChecked(ConditionType.RECEIVER_CONFIGURED, blocker), notChecked(ConditionType.PROVIDER_REGISTERED, blocker),
          null, specProblem == null ? untilRotationEnds(endpoint, now) : null);
    }

    if (url == null && endpoint.getSpec().getProvider().getType() == ProviderType.TWILIO) {
      // Twilio signs the public URL: without one no delivery could verify, so no route is written. IngressReady
      // is False (NoPublicHost) and says what to set.
      return new Observation(slug, url, null, secretResolved, ingressReady,
          notChecked(ConditionType.RECEIVER_CONFIGURED, ingressReady), notChecked(ConditionType.PROVIDER_REGISTERED,
          ingressReady), null, null);
    }

    routes.apply(RouteChange.put(RouteBuilder.route(endpoint, slug, signingSecret.secrets(), settings)));
    // The provider is pointed at the URL only once the route behind it exists.
    ConditionOutcome providerRegistered = url == null
        ? ConditionOutcome.unknown(ConditionType.PROVIDER_REGISTERED, ConditionReasons.WAITING_FOR_URL,
            "the provider is set up once the endpoint has a public URL")
        : RegistrationConditions.outcome(registrars.forProvider(endpoint.getSpec().getProvider().getType())
            .register(new RegistrationRequest(endpoint, URI.create(url), null, null, null)));

    ReceiverProgress progress = receivers.progress(slug, generation(endpoint));
    Duration recheck = progress.configured()
        ? settings.resync()
        : PendingRecheck.after(endpoint.getStatus(), now, settings.pendingRecheck());
    // Compile the route again when the previous secret expires, so it leaves the routing table on time.
    Duration untilExpiry = untilRotationEnds(endpoint, now);
    if (untilExpiry != null && untilExpiry.compareTo(recheck) < 0) {
      recheck = untilExpiry;
    }
    return new Observation(slug, url, null, secretResolved, ingressReady, ReceiverCheck.outcome(progress),
        providerRegistered, progress.lastEventTime(), recheck, progress.deliveries());
  }

  /**
   * The public side: an HTTPRoute with spec.gateway, else an Ingress; the other one is removed, so switching
   * between the two leaves nothing behind.
   */
  private ConditionOutcome publish(WebhookEndpoint endpoint, String slug, Context<WebhookEndpoint> context) {
    if (usesGateway(endpoint)) {
      ingress.delete(endpoint);
      return httpRoutes.apply(endpoint, slug);
    }
    httpRoutes.delete(endpoint, namespaceStillUsesGateway(endpoint, context));
    return ingress.apply(endpoint, slug);
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
    routes.apply(RouteChange.remove(namespace, name));
    ingress.delete(endpoint);
    httpRoutes.delete(endpoint, namespaceStillUsesGateway(endpoint, context));
    if (endpoint.getSpec() != null && endpoint.getSpec().getProvider() != null
        && endpoint.getSpec().getProvider().getType() != null) {
      registrars.forProvider(endpoint.getSpec().getProvider().getType())
          .deregister(new RegistrationRequest(endpoint, null, null, null, null));
    }
    LOG.info("WebhookEndpoint {}/{} deleted: route and Ingress or HTTPRoute removed", namespace, name);
    return DeleteControl.defaultDelete();
  }

  private static ConditionOutcome notChecked(ConditionType type, ConditionOutcome blocker) {
    return ConditionOutcome.unknown(type, ConditionReasons.NOT_CHECKED,
        "not checked while " + blocker.type().value() + " is False (" + blocker.reason() + ")");
  }

  /** The Secret {@code ref} names in the endpoint's namespace; null when {@code ref} is null or it is missing. */
  @SuppressWarnings("unchecked")
  private static Secret secret(SecretKeyRef ref, WebhookEndpoint endpoint, Context<WebhookEndpoint> context) {
    if (ref == null || ref.getName() == null) {
      return null;
    }
    var source = (InformerEventSource<Secret, WebhookEndpoint>)
        context.eventSourceRetriever().getEventSourceFor(Secret.class, SIGNING_SECRETS);
    return source.get(new ResourceID(ref.getName(), endpoint.getMetadata().getNamespace())).orElse(null);
  }

  /** The Secrets an endpoint names: spec.signingSecretRef and spec.previousSigningSecretRef. */
  static List<String> signingSecretKeys(WebhookEndpoint endpoint) {
    if (endpoint.getSpec() == null) {
      return List.of();
    }
    String namespace = endpoint.getMetadata().getNamespace();
    return java.util.stream.Stream.of(
            endpoint.getSpec().getSigningSecretRef(), endpoint.getSpec().getPreviousSigningSecretRef())
        .filter(ref -> ref != null && ref.getName() != null)
        .map(ref -> key(namespace, ref.getName()))
        .distinct()
        .toList();
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
