package dev.hookgate.operator.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the operator is told from outside, read from environment variables ({@link #fromEnv}) or built in
 * code ({@link #builder()}, {@link #toBuilder()}) by tests and the embedded demo.
 *
 * @param receiverNamespace where the receiver runs: the routes Secret and the Ingresses live here
 * @param routesSecretName the Secret holding the routing table under {@code routes.json.gz} (gzip'd JSON)
 * @param receiverServiceName the receiver's public Service, the Ingress backend (port name {@code http})
 * @param receiverServicePort that Service's {@code http} port number, the HTTPRoute backend's port (backendRefs
 *     take a number, not a name)
 * @param receiverStatusServiceName the headless Service whose EndpointSlices list the receiver pods
 * @param receiverStatusPort the receivers' internal status port
 * @param receiverStatusUrls a static list of receiver base URLs used instead of EndpointSlice discovery; empty
 *     to discover
 * @param publicBaseUrl default public base URL, e.g. {@code https://hooks.example.com}; null for none
 * @param ingressClass default IngressClass; null for the cluster default
 * @param ingressTlsSecret default TLS Secret (in the receiver namespace); null for none
 * @param targetUrlTemplate how a target Service becomes a URL: placeholders {@code {service}},
 *     {@code {namespace}}, {@code {port}}, {@code {path}}
 * @param watchNamespaces namespaces whose WebhookEndpoints are reconciled; empty for all
 * @param serverSideApply whether to write with server-side apply (off against the Fabric8 mock server)
 * @param pendingRecheck how soon to look again while receivers have not loaded the route
 * @param resync how often to look again once configured (refreshes status.deliveries.lastEventTime)
 * @param reconcileThreads how many WebhookEndpoints are reconciled at once (JOSDK's reconciler thread pool)
 * @param receiverReportMaxAge how long one fetch of the receivers' status reports is shared by reconciles
 * @param providerResync how often a hook registered through a provider's API is checked for drift
 * @param providerBackoff the first wait after a provider outage; doubled per failure up to providerResync
 * @param providerTimeout connect and read timeout of provider API calls
 * @param leaderElection whether only the holder of the Lease {@code hookgate-operator} (in receiverNamespace)
 *     reconciles, so two replicas never both talk to a provider
 * @param leaderIdentity this replica's name in the Lease; null for the JOSDK default (the pod's host name)
 * @param receiverStatefulSet the receivers' StatefulSet (in receiverNamespace), whose volumes left behind by a
 *     scale-down are drained into the remaining receivers ({@code StoreDrainReconciler}); null: none is watched
 */
public record OperatorSettings(
    String receiverNamespace,
    String routesSecretName,
    String receiverServiceName,
    int receiverServicePort,
    String receiverStatusServiceName,
    int receiverStatusPort,
    List<URI> receiverStatusUrls,
    URI publicBaseUrl,
    String ingressClass,
    String ingressTlsSecret,
    String targetUrlTemplate,
    Set<String> watchNamespaces,
    boolean serverSideApply,
    Duration pendingRecheck,
    Duration resync,
    int reconcileThreads,
    Duration receiverReportMaxAge,
    Duration providerResync,
    Duration providerBackoff,
    Duration providerTimeout,
    boolean leaderElection,
    String leaderIdentity,
    String receiverStatefulSet) {

  public static final String DEFAULT_TARGET_URL_TEMPLATE = "http://{service}.{namespace}.svc:{port}{path}";
  public static final int DEFAULT_RECONCILE_THREADS = 16;
  public static final Duration DEFAULT_RECEIVER_REPORT_MAX_AGE = Duration.ofMillis(200);
  public static final Duration DEFAULT_PENDING_RECHECK = Duration.ofMillis(250);
  public static final Duration DEFAULT_PROVIDER_RESYNC = Duration.ofMinutes(10);
  public static final Duration DEFAULT_PROVIDER_BACKOFF = Duration.ofSeconds(10);
  public static final Duration DEFAULT_PROVIDER_TIMEOUT = Duration.ofSeconds(10);
  public static final String LEASE_NAME = "hookgate-operator";
  public static final String DEFAULT_RECEIVER_STATEFULSET = "hookgate-receiver";

  public OperatorSettings {
    Objects.requireNonNull(receiverNamespace, "receiverNamespace");
    Objects.requireNonNull(routesSecretName, "routesSecretName");
    Objects.requireNonNull(receiverServiceName, "receiverServiceName");
    Objects.requireNonNull(receiverStatusServiceName, "receiverStatusServiceName");
    Objects.requireNonNull(targetUrlTemplate, "targetUrlTemplate");
    Objects.requireNonNull(pendingRecheck, "pendingRecheck");
    Objects.requireNonNull(resync, "resync");
    Objects.requireNonNull(receiverReportMaxAge, "receiverReportMaxAge");
    Objects.requireNonNull(providerResync, "providerResync");
    Objects.requireNonNull(providerBackoff, "providerBackoff");
    Objects.requireNonNull(providerTimeout, "providerTimeout");
    if (providerResync.isNegative() || providerResync.isZero() || providerBackoff.isNegative()
        || providerBackoff.isZero()) {
      throw new IllegalArgumentException("HOOKGATE_PROVIDER_RESYNC and HOOKGATE_PROVIDER_BACKOFF must be positive");
    }
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException("HOOKGATE_RECONCILE_THREADS must be at least 1, got " + reconcileThreads);
    }
    if (receiverReportMaxAge.isNegative()) {
      throw new IllegalArgumentException(
          "HOOKGATE_RECEIVER_REPORT_MAX_AGE must not be negative, got " + receiverReportMaxAge);
    }
    receiverStatusUrls = receiverStatusUrls == null ? List.of() : List.copyOf(receiverStatusUrls);
    watchNamespaces = watchNamespaces == null ? Set.of() : Set.copyOf(watchNamespaces);
    if (publicBaseUrl != null && (publicBaseUrl.getScheme() == null || publicBaseUrl.getHost() == null)) {
      throw new IllegalArgumentException(
          "HOOKGATE_PUBLIC_BASE_URL must be an absolute URL like https://hooks.example.com, got " + publicBaseUrl);
    }
  }

  /** The defaults, as documented per environment variable. */
  public static OperatorSettings defaults() {
    return fromEnv(Map.of());
  }

  /** Reads the {@code HOOKGATE_*} variables; absent or blank ones take their defaults. */
  public static OperatorSettings fromEnv(Map<String, String> env) {
    return builder(env).build();
  }

  public static Builder builder() {
    return builder(Map.of());
  }

  private static Builder builder(Map<String, String> env) {
    Builder builder = new Builder();
    builder.receiverNamespace = value(env, "HOOKGATE_RECEIVER_NAMESPACE", "hookgate-system");
    builder.routesSecretName = value(env, "HOOKGATE_ROUTES_SECRET", "hookgate-routes");
    builder.receiverServiceName = value(env, "HOOKGATE_RECEIVER_SERVICE", "hookgate-receiver");
    builder.receiverServicePort = Integer.parseInt(value(env, "HOOKGATE_RECEIVER_SERVICE_PORT", "80"));
    builder.receiverStatusServiceName = value(env, "HOOKGATE_RECEIVER_STATUS_SERVICE", "hookgate-receiver-internal");
    builder.receiverStatusPort = Integer.parseInt(value(env, "HOOKGATE_RECEIVER_STATUS_PORT", "9090"));
    builder.receiverStatusUrls = list(env, "HOOKGATE_RECEIVER_STATUS_URLS").stream().map(URI::create).toList();
    String base = value(env, "HOOKGATE_PUBLIC_BASE_URL", null);
    builder.publicBaseUrl = base == null ? null : URI.create(base);
    builder.ingressClass = value(env, "HOOKGATE_INGRESS_CLASS", null);
    builder.ingressTlsSecret = value(env, "HOOKGATE_INGRESS_TLS_SECRET", null);
    builder.targetUrlTemplate = value(env, "HOOKGATE_TARGET_URL_TEMPLATE", DEFAULT_TARGET_URL_TEMPLATE);
    builder.watchNamespaces = Set.copyOf(list(env, "HOOKGATE_WATCH_NAMESPACES"));
    builder.serverSideApply = Boolean.parseBoolean(value(env, "HOOKGATE_SERVER_SIDE_APPLY", "true"));
    builder.reconcileThreads = integer(env, "HOOKGATE_RECONCILE_THREADS", DEFAULT_RECONCILE_THREADS);
    builder.receiverReportMaxAge =
        duration(env, "HOOKGATE_RECEIVER_REPORT_MAX_AGE", DEFAULT_RECEIVER_REPORT_MAX_AGE);
    builder.providerResync = duration(env, "HOOKGATE_PROVIDER_RESYNC", DEFAULT_PROVIDER_RESYNC);
    builder.providerBackoff = duration(env, "HOOKGATE_PROVIDER_BACKOFF", DEFAULT_PROVIDER_BACKOFF);
    builder.providerTimeout = duration(env, "HOOKGATE_PROVIDER_TIMEOUT", DEFAULT_PROVIDER_TIMEOUT);
    builder.leaderElection = Boolean.parseBoolean(value(env, "HOOKGATE_LEADER_ELECTION", "false"));
    builder.leaderIdentity = value(env, "HOOKGATE_LEADER_IDENTITY", null);
    // "-" turns it off (a blank value means the default, as for every variable)
    String statefulSet = value(env, "HOOKGATE_RECEIVER_STATEFULSET", DEFAULT_RECEIVER_STATEFULSET);
    builder.receiverStatefulSet = "-".equals(statefulSet) ? null : statefulSet;
    return builder;
  }

  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.receiverNamespace = receiverNamespace;
    builder.routesSecretName = routesSecretName;
    builder.receiverServiceName = receiverServiceName;
    builder.receiverServicePort = receiverServicePort;
    builder.receiverStatusServiceName = receiverStatusServiceName;
    builder.receiverStatusPort = receiverStatusPort;
    builder.receiverStatusUrls = receiverStatusUrls;
    builder.publicBaseUrl = publicBaseUrl;
    builder.ingressClass = ingressClass;
    builder.ingressTlsSecret = ingressTlsSecret;
    builder.targetUrlTemplate = targetUrlTemplate;
    builder.watchNamespaces = watchNamespaces;
    builder.serverSideApply = serverSideApply;
    builder.pendingRecheck = pendingRecheck;
    builder.resync = resync;
    builder.reconcileThreads = reconcileThreads;
    builder.receiverReportMaxAge = receiverReportMaxAge;
    builder.providerResync = providerResync;
    builder.providerBackoff = providerBackoff;
    builder.providerTimeout = providerTimeout;
    builder.leaderElection = leaderElection;
    builder.leaderIdentity = leaderIdentity;
    builder.receiverStatefulSet = receiverStatefulSet;
    return builder;
  }

  private static String value(Map<String, String> env, String name, String defaultValue) {
    String value = env.get(name);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  private static int integer(Map<String, String> env, String name, int defaultValue) {
    String value = value(env, name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
    }
  }

  /** {@code 250ms}, {@code 2s}, {@code 1m}, or ISO-8601 like {@code PT0.25S}. */
  static Duration duration(Map<String, String> env, String name, Duration defaultValue) {
    String value = value(env, name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      String lower = value.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("pt") || lower.startsWith("-pt")) {
        return Duration.parse(value);
      }
      if (lower.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2).trim()));
      }
      if (lower.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1).trim()));
      }
      if (lower.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(lower.substring(0, lower.length() - 1).trim()));
      }
    } catch (RuntimeException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(name + " must be a duration like 200ms, 2s or 1m, got '" + value + "'");
  }

  private static List<String> list(Map<String, String> env, String name) {
    String value = value(env, name, "");
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  @Override
  public String toString() {
    return "OperatorSettings[receiverNamespace=" + receiverNamespace + ", routesSecret=" + routesSecretName
        + ", receiverService=" + receiverServiceName + ":" + receiverServicePort + ", receiverStatusService=" + receiverStatusServiceName
        + ":" + receiverStatusPort + ", receiverStatusUrls=" + receiverStatusUrls + ", publicBaseUrl="
        + publicBaseUrl + ", ingressClass=" + ingressClass + ", ingressTlsSecret=" + ingressTlsSecret
        + ", targetUrlTemplate=" + targetUrlTemplate + ", watchNamespaces="
        + (watchNamespaces.isEmpty() ? "<all>" : watchNamespaces.stream().sorted().collect(Collectors.joining(",")))
        + ", serverSideApply=" + serverSideApply + ", reconcileThreads=" + reconcileThreads
        + ", receiverReportMaxAge=" + receiverReportMaxAge.toMillis() + "ms, providerResync=" + providerResync
        + ", providerBackoff=" + providerBackoff + ", providerTimeout=" + providerTimeout + ", leaderElection="
        + leaderElection + ", receiverStatefulSet=" + receiverStatefulSet + "]";
  }

  /** Mutable builder, starting from the defaults. */
  public static final class Builder {
    private String receiverNamespace;
    private String routesSecretName;
    private String receiverServiceName;
    private int receiverServicePort;
    private String receiverStatusServiceName;
    private int receiverStatusPort;
    private List<URI> receiverStatusUrls;
    private URI publicBaseUrl;
    private String ingressClass;
    private String ingressTlsSecret;
    private String targetUrlTemplate;
    private Set<String> watchNamespaces;
    private boolean serverSideApply;
    private Duration pendingRecheck = DEFAULT_PENDING_RECHECK;
    private Duration resync = Duration.ofSeconds(60);
    private int reconcileThreads = DEFAULT_RECONCILE_THREADS;
    private Duration receiverReportMaxAge = DEFAULT_RECEIVER_REPORT_MAX_AGE;
    private Duration providerResync = DEFAULT_PROVIDER_RESYNC;
    private Duration providerBackoff = DEFAULT_PROVIDER_BACKOFF;
    private Duration providerTimeout = DEFAULT_PROVIDER_TIMEOUT;
    private boolean leaderElection;
    private String leaderIdentity;
    private String receiverStatefulSet;

    private Builder() {}

    /** null: no StatefulSet's left-behind volumes are drained. */
    public Builder receiverStatefulSet(String value) {
      this.receiverStatefulSet = value;
      return this;
    }

    public Builder providerResync(Duration value) {
      this.providerResync = value;
      return this;
    }

    public Builder providerBackoff(Duration value) {
      this.providerBackoff = value;
      return this;
    }

    public Builder providerTimeout(Duration value) {
      this.providerTimeout = value;
      return this;
    }

    public Builder leaderElection(boolean value) {
      this.leaderElection = value;
      return this;
    }

    public Builder leaderIdentity(String value) {
      this.leaderIdentity = value;
      return this;
    }

    public Builder receiverNamespace(String value) {
      this.receiverNamespace = value;
      return this;
    }

    public Builder routesSecretName(String value) {
      this.routesSecretName = value;
      return this;
    }

    public Builder receiverServiceName(String value) {
      this.receiverServiceName = value;
      return this;
    }

    public Builder receiverServicePort(int value) {
      this.receiverServicePort = value;
      return this;
    }

    public Builder receiverStatusServiceName(String value) {
      this.receiverStatusServiceName = value;
      return this;
    }

    public Builder receiverStatusPort(int value) {
      this.receiverStatusPort = value;
      return this;
    }

    public Builder receiverStatusUrls(List<URI> value) {
      this.receiverStatusUrls = value;
      return this;
    }

    public Builder publicBaseUrl(String value) {
      this.publicBaseUrl = value == null ? null : URI.create(value);
      return this;
    }

    public Builder ingressClass(String value) {
      this.ingressClass = value;
      return this;
    }

    public Builder ingressTlsSecret(String value) {
      this.ingressTlsSecret = value;
      return this;
    }

    public Builder targetUrlTemplate(String value) {
      this.targetUrlTemplate = value;
      return this;
    }

    public Builder watchNamespaces(Set<String> value) {
      this.watchNamespaces = value;
      return this;
    }

    public Builder serverSideApply(boolean value) {
      this.serverSideApply = value;
      return this;
    }

    public Builder pendingRecheck(Duration value) {
      this.pendingRecheck = value;
      return this;
    }

    public Builder resync(Duration value) {
      this.resync = value;
      return this;
    }

    public Builder reconcileThreads(int value) {
      this.reconcileThreads = value;
      return this;
    }

    public Builder receiverReportMaxAge(Duration value) {
      this.receiverReportMaxAge = value;
      return this;
    }

    public OperatorSettings build() {
      return new OperatorSettings(
          receiverNamespace,
          routesSecretName,
          receiverServiceName,
          receiverServicePort,
          receiverStatusServiceName,
          receiverStatusPort,
          receiverStatusUrls,
          publicBaseUrl,
          ingressClass,
          ingressTlsSecret,
          targetUrlTemplate,
          watchNamespaces,
          serverSideApply,
          pendingRecheck,
          resync,
          reconcileThreads,
          receiverReportMaxAge,
          providerResync,
          providerBackoff,
          providerTimeout,
          leaderElection,
          leaderIdentity,
          receiverStatefulSet);
    }
  }
}
