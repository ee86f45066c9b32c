package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.dependent.CertManagerAnnotations;
import dev.hookgate.operator.dependent.IngressBuilder;
import dev.hookgate.operator.dependent.ManagedLabels;
import dev.hookgate.operator.dependent.SourceRangeAnnotations;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the endpoint's Ingress (in the receiver namespace) match {@link IngressBuilder#desired}, writing only when
 * it differs (read from the informer cache, so a reconcile that changes nothing makes no API call), and reports
 * IngressReady. Owner references cannot cross namespaces: {@link #delete} is called from
 * the finalizer.
 */
public class IngressStep {

  static final String FIELD_MANAGER = "hookgate-operator";

  private final KubernetesClient client;
  private final OperatorSettings settings;

  public IngressStep(KubernetesClient client, OperatorSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /**
   * @param providerRanges the provider's addresses for the allowlist (see {@link IngressBuilder#desired}); null
   *     while they cannot be read: the allowlist already on the Ingress stays, as the route already written does
   * @param cache the operator's informer of managed Ingresses: read instead of a GET per reconcile, and told of
   *     every write so the next reconcile sees it before the watch does
   */
  public ConditionOutcome apply(WebhookEndpoint endpoint, String slug, List<String> providerRanges,
      InformerEventSource<Ingress, WebhookEndpoint> cache) {
    String name = ingressName(endpoint);
    ResourceID primary = ResourceID.fromResource(endpoint);
    // Only Ingresses carrying our labels are cached: one of the same name without them shows up as a conflict
    // when creating.
    Ingress current = cache.get(new ResourceID(name, settings.receiverNamespace())).orElse(null);
    if (current != null && !ownedBy(current, endpoint)) {
      return conflict(name);
    }
    Optional<Ingress> desired = IngressBuilder.desired(endpoint, slug,
        providerRanges == null ? List.of() : providerRanges, settings);
    if (providerRanges == null && current != null && desired.isPresent()) {
      keepAllowlist(current, desired.get());
    }
    if (desired.isEmpty()) {
      if (current != null) {
        ingresses().withName(name).delete();
      }
      return ConditionOutcome.failed(
          ConditionType.INGRESS_READY,
          ConditionReasons.NO_PUBLIC_HOST,
          "no public host: set spec.ingress.host, or HOOKGATE_PUBLIC_BASE_URL on the operator");
    }
    if (current == null) {
      try {
        Ingress created = ingresses().resource(desired.get()).create();
        cache.handleRecentResourceCreate(primary, created);
        return readiness(created);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // Exists but not (yet) in the cache: a foreign Ingress of the same name, or ours not seen yet.
        current = ingresses().withName(name).get();
        if (current == null) {
          throw e;
        }
        if (!ownedBy(current, endpoint)) {
          return conflict(name);
        }
      }
    }
    Ingress written = current;
    if (differs(current, desired.get())) {
      written = write(desired.get(), current);
      cache.handleRecentResourceUpdate(primary, written, current);
    }
    return readiness(written);
  }

  private static void keepAllowlist(Ingress current, Ingress desired) {
    Map<String, String> kept = new java.util.TreeMap<>(
        desired.getMetadata().getAnnotations() == null ? Map.of() : desired.getMetadata().getAnnotations());
    Map<String, String> annotations =
        current.getMetadata().getAnnotations() == null ? Map.of() : current.getMetadata().getAnnotations();
    for (String key : SourceRangeAnnotations.all()) {
      kept.remove(key);
      if (annotations.containsKey(key)) {
        kept.put(key, annotations.get(key));
      }
    }
    desired.getMetadata().setAnnotations(kept.isEmpty() ? null : kept);
  }

  private ConditionOutcome conflict(String name) {
    return ConditionOutcome.failed(
        ConditionType.INGRESS_READY,
        ConditionReasons.INGRESS_CONFLICT,
        "Ingress " + settings.receiverNamespace() + "/" + name + " belongs to another WebhookEndpoint; rename"
            + " this endpoint");
  }

  /** Deletes the endpoint's Ingress if it exists and is ours. */
  public void delete(WebhookEndpoint endpoint) {
    Resource<Ingress> resource = ingresses().withName(ingressName(endpoint));
    Ingress current = resource.get();
    if (current != null && ownedBy(current, endpoint)) {
      resource.delete();
    }
  }

  private Ingress write(Ingress desired, Ingress current) {
    if (settings.serverSideApply()) {
      return ingresses().resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }
    desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
    return ingresses().resource(desired).update();
  }

  private ConditionOutcome readiness(Ingress ingress) {
    String where = settings.receiverNamespace() + "/" + ingress.getMetadata().getName();
    Optional<String> address =
        Optional.ofNullable(ingress.getStatus())
            .map(status -> status.getLoadBalancer())
            .map(lb -> lb.getIngress())
            .flatMap(list -> list.stream().map(IngressStep::address).filter(Objects::nonNull).findFirst());
    return address
        .map(a -> ConditionOutcome.ok(
            ConditionType.INGRESS_READY,
            ConditionReasons.ADDRESS_ASSIGNED,
            "Ingress " + where + " has address " + a))
        .orElseGet(() -> ConditionOutcome.ok(
            ConditionType.INGRESS_READY,
            ConditionReasons.CREATED,
            "Ingress " + where + " exists; no load-balancer address is reported yet (some Ingress controllers"
                + " never report one)"));
  }

  private static String address(IngressLoadBalancerIngress lb) {
    return lb.getIp() != null && !lb.getIp().isBlank() ? lb.getIp() : lb.getHostname();
  }

  static boolean differs(Ingress current, Ingress desired) {
    Map<String, String> labels =
        current.getMetadata().getLabels() == null ? Map.of() : current.getMetadata().getLabels();
    boolean labelsMatch =
        desired.getMetadata().getLabels().entrySet().stream()
            .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    Map<String, String> annotations =
        current.getMetadata().getAnnotations() == null ? Map.of() : current.getMetadata().getAnnotations();
    Map<String, String> wanted =
        desired.getMetadata().getAnnotations() == null ? Map.of() : desired.getMetadata().getAnnotations();
    boolean annotationsMatch =
        java.util.stream.Stream.concat(SourceRangeAnnotations.all().stream(), CertManagerAnnotations.all().stream())
            .allMatch(key -> Objects.equals(annotations.get(key), wanted.get(key)));
    return !labelsMatch || !annotationsMatch || !Objects.equals(current.getSpec(), desired.getSpec());
  }

  private static boolean ownedBy(Ingress ingress, WebhookEndpoint endpoint) {
    Map<String, String> labels =
        ingress.getMetadata().getLabels() == null ? Map.of() : ingress.getMetadata().getLabels();
    return endpoint.getMetadata().getNamespace().equals(labels.get(ManagedLabels.ENDPOINT_NAMESPACE))
        && endpoint.getMetadata().getName().equals(labels.get(ManagedLabels.ENDPOINT_NAME));
  }

  private String ingressName(WebhookEndpoint endpoint) {
    return IngressBuilder.name(endpoint.getMetadata().getNamespace(), endpoint.getMetadata().getName());
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          Ingress,
          io.fabric8.kubernetes.api.model.networking.v1.IngressList,
          Resource<Ingress>>
      ingresses() {
    return client.network().v1().ingresses().inNamespace(settings.receiverNamespace());
  }
}
