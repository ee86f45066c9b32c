package dev.hookgate.operator;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.reconciler.ConditionEventRecorder;
import dev.hookgate.operator.provider.ProviderRegistrars;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.github.GitHubHookRanges;
import dev.hookgate.operator.reconciler.ProviderRegistrationStep;
import dev.hookgate.operator.reconciler.SigningSecretWriter;
import dev.hookgate.operator.reconciler.UnreadSecretCheck;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import dev.hookgate.operator.reconciler.GatewayApi;
import dev.hookgate.operator.reconciler.HTTPRouteStep;
import dev.hookgate.operator.reconciler.IngressStep;
import dev.hookgate.operator.reconciler.ReceiverCheck;
import dev.hookgate.operator.reconciler.ReplayStep;
import dev.hookgate.operator.reconciler.WebhookEndpointReconciler;
import dev.hookgate.operator.reconciler.WebhookEndpointStatusFactory;
import dev.hookgate.operator.receiver.EndpointSliceReceiverFleet;
import dev.hookgate.operator.receiver.ReceiverFleet;
import dev.hookgate.operator.receiver.ReceiverReplayClient;
import dev.hookgate.operator.receiver.ReceiverReports;
import dev.hookgate.operator.receiver.ReceiverStatusClient;
import dev.hookgate.operator.receiver.ReceiverStoreEvents;
import dev.hookgate.operator.receiver.StaticReceiverFleet;
import dev.hookgate.operator.routes.RoutesSecretWriter;
import dev.hookgate.operator.storedrain.StoreDrainPermissions;
import dev.hookgate.operator.storedrain.StoreDrainReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hookgate operator, running: the entry point of {@link OperatorMain}, of tests and of the embedded demo.
 *
 * <pre>{@code
 * try (HookgateOperator operator = HookgateOperator.start(client, settings)) { ... }
 * }</pre>
 *
 * <p>The client is not closed on {@link #close()}: whoever built it owns it.
 */
public final class HookgateOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HookgateOperator.class);
  /** How often GitHub's hooks addresses are read again (GitHub changes them rarely, and announces it). */
  private static final Duration GITHUB_META_REFRESH = Duration.ofHours(1);

  private final Operator operator;
  private final ReceiverFleet fleet;
  private final ConditionEventRecorder events;
  private final RoutesSecretWriter routes;
  private final WebhookEndpointReconciler reconciler;

  private final ProviderApis apis;
  private final AtomicBoolean closing;
  private final MeterBinder meters;

  private HookgateOperator(Operator operator, ReceiverFleet fleet, ConditionEventRecorder events,
      RoutesSecretWriter routes, WebhookEndpointReconciler reconciler, ProviderApis apis, AtomicBoolean closing,
      MeterBinder meters) {
    this.operator = operator;
    this.meters = meters;
    this.closing = closing;
    this.fleet = fleet;
    this.events = events;
    this.routes = routes;
    this.apis = apis;
    this.reconciler = reconciler;
  }

  /** The WebhookEndpoints in the operator's cache, with their status as last written: what /metrics reports. */
  public Stream<WebhookEndpoint> endpoints() {
    return reconciler.cachedEndpoints();
  }

  /** The operator's own meters, for /metrics: the receivers' left-behind volumes (none when not watched). */
  public MeterBinder meters() {
    return meters;
  }

  /** Whether the operator has started (leading or standing by for the Lease): what /readyz reports. */
  public boolean started() {
    return operator.getRuntimeInfo().isStarted();
  }

  /** Starts reconciling WebhookEndpoints with {@code client}; returns once the informers are started. */
  public static HookgateOperator start(KubernetesClient client, OperatorSettings settings) {
    return start(client, settings, Clock.systemUTC());
  }

  public static HookgateOperator start(KubernetesClient client, OperatorSettings settings, Clock clock) {
    return start(client, settings, clock, GatewayApi.discover(client));
  }

  /** With {@code gatewayApi} given instead of discovered: for tests against a server without API discovery. */
  public static HookgateOperator start(
      KubernetesClient client, OperatorSettings settings, Clock clock, GatewayApi gatewayApi) {
    LOG.info("Starting hookgate operator with {}, Gateway API {}", settings,
        gatewayApi.installed() ? "installed" : "not installed");
    ReceiverFleet fleet =
        settings.receiverStatusUrls().isEmpty()
            ? new EndpointSliceReceiverFleet(
                client,
                settings.receiverNamespace(),
                settings.receiverStatusServiceName(),
                settings.receiverStatusPort())
            : new StaticReceiverFleet(settings.receiverStatusUrls());
    AtomicBoolean closing = new AtomicBoolean();
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                .withKubernetesClient(client)
                .withCloseClientOnStop(false)
                .withConcurrentReconciliationThreads(settings.reconcileThreads())
                .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                .withSSABasedCreateUpdateMatchForDependentResources(settings.serverSideApply());
              if (settings.leaderElection()) {
                overrider.withLeaderElectionConfiguration(leaderElection(settings, closing));
              }
            });
    ConditionEventRecorder events = new ConditionEventRecorder(client, clock);
    RoutesSecretWriter routes = new RoutesSecretWriter(client, settings);
    ProviderApis apis = new ProviderApis(settings.providerTimeout(), clock);
    SigningSecretWriter signingSecrets = new SigningSecretWriter(client);
    UnreadSecretCheck unreadSecrets = new UnreadSecretCheck(client);
    WebhookEndpointReconciler reconciler =
        new WebhookEndpointReconciler(
            settings,
            routes,
            new IngressStep(client, settings),
            new HTTPRouteStep(client, settings, gatewayApi),
            gatewayApi,
            // The report cache ages in real time, not on the (test-controllable) status clock: a clock standing
            // still must not freeze the reports.
            new ReceiverCheck(
                new ReceiverReports(
                    fleet, new ReceiverStatusClient(), Clock.systemUTC(), settings.receiverReportMaxAge(),
                    new ReceiverStoreEvents(fleet, events::recordEvent)::observe)),
            new ProviderRegistrationStep(new ProviderRegistrars(apis), signingSecrets, unreadSecrets, events,
                settings.providerResync(), settings.providerBackoff(), clock),
            signingSecrets,
            unreadSecrets,
            new GitHubHookRanges(apis, GITHUB_META_REFRESH, clock),
            new ReplayStep(fleet, new ReceiverReplayClient(), events, clock),
            new WebhookEndpointStatusFactory(clock),
            events,
            clock);
    operator.register(
        reconciler,
        config -> {
          if (!settings.watchNamespaces().isEmpty()) {
            config.settingNamespaces(settings.watchNamespaces());
          }
        });
    MeterBinder meters = registry -> { };
    if (settings.receiverStatefulSet() != null) {
      List<String> denied = StoreDrainPermissions.missing(client, settings.receiverNamespace());
      if (denied.isEmpty()) {
        StoreDrainReconciler storeDrains =
            new StoreDrainReconciler(client, settings.receiverNamespace(), settings.receiverStatefulSet(), events);
        operator.register(storeDrains, config -> config.settingNamespaces(Set.of(settings.receiverNamespace())));
        meters = storeDrains;
      } else {
        LOG.warn("Not draining the volumes the receivers' StatefulSet {} leaves behind: this operator may not {} in"
            + " {}. Apply the RBAC of this version (deploy/operator/rbac.yaml, or the Helm chart), or set"
            + " HOOKGATE_RECEIVER_STATEFULSET=- to turn the drain off", settings.receiverStatefulSet(),
            String.join(", ", denied), settings.receiverNamespace());
      }
    }
    try {
      operator.start();
    } catch (RuntimeException e) {
      fleet.close();
      events.close();
      routes.close();
      apis.close();
      throw e;
    }
    return new HookgateOperator(operator, fleet, events, routes, reconciler, apis, closing, meters);
  }

  /**
   * With HOOKGATE_LEADER_ELECTION, only the holder of the Lease reconciles: two replicas never both talk to a
   * provider. The Lease lives in the operator's (the receiver's) namespace.
   */
  private static LeaderElectionConfiguration leaderElection(OperatorSettings settings, AtomicBoolean closing) {
    // A replica that loses the Lease exits, so it restarts and stands for election again; one being closed on
    // purpose (shutdown, tests) gives the Lease up without taking the process down.
    LeaderCallbacks exitOnLoss = new LeaderCallbacks(() -> { }, () -> {
      if (!closing.get()) {
        LOG.error("Lost the Lease {}: exiting so that this replica restarts", OperatorSettings.LEASE_NAME);
        System.exit(1);
      }
    }, identity -> LOG.info("Lease {} held by {}", OperatorSettings.LEASE_NAME, identity));
    var builder = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(OperatorSettings.LEASE_NAME)
        .withLeaseNamespace(settings.receiverNamespace())
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(exitOnLoss);
    if (settings.leaderIdentity() != null) {
      builder.withIdentity(settings.leaderIdentity());
    }
    return builder.build();
  }

  /** Stops reconciling; does not close the Kubernetes client. */
  @Override
  public void close() {
    closing.set(true);
    try {
      operator.stop();
    } finally {
      routes.close();
      fleet.close();
      events.close();
      apis.close();
    }
  }
}
