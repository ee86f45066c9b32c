package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.dependent.HTTPRouteBuilder;
import dev.hookgate.operator.dependent.ManagedLabels;
import dev.hookgate.operator.dependent.ReferenceGrantBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.Optional;

/**
 * For an endpoint with spec.gateway: makes its HTTPRoute (in its namespace) and its namespace's ReferenceGrant (in
 * the receiver namespace) match {@link HTTPRouteBuilder} and {@link ReferenceGrantBuilder}, writing only what
 * differs, and reports IngressReady from the Gateway's verdict on the route. {@link #delete} removes the route
 * and, once no endpoint of the namespace uses a Gateway, the grant.
 */
public class HTTPRouteStep {

  static final String ACCEPTED = "Accepted";
  static final String RESOLVED_REFS = "ResolvedRefs";

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final GatewayApi gatewayApi;

  public HTTPRouteStep(KubernetesClient client, OperatorSettings settings, GatewayApi gatewayApi) {
    this.client = client;
    this.settings = settings;
    this.gatewayApi = gatewayApi;
  }

  public ConditionOutcome apply(WebhookEndpoint endpoint, String slug) {
    if (!gatewayApi.installed()) {
      return ConditionOutcome.failed(
          ConditionType.INGRESS_READY,
          ConditionReasons.GATEWAY_API_NOT_INSTALLED,
          "spec.gateway needs the Gateway API (HTTPRoute gateway.networking.k8s.io/v1, ReferenceGrant v1beta1),"
              + " which the API server did not serve when the operator started: install its CRDs and restart the"
              + " operator, or use spec.ingress");
    }
    String namespace = endpoint.getMetadata().getNamespace();
    String name = HTTPRouteBuilder.name(endpoint.getMetadata().getName());
    Resource<HTTPRoute> resource = client.resources(HTTPRoute.class).inNamespace(namespace).withName(name);
    HTTPRoute current = resource.get();
    if (current != null && !ownedBy(current, endpoint)) {
      return ConditionOutcome.failed(
          ConditionType.INGRESS_READY,
          ConditionReasons.INGRESS_CONFLICT,
          "HTTPRoute " + namespace + "/" + name + " exists and is not this WebhookEndpoint's; rename or delete it");
    }
    Optional<HTTPRoute> desired = HTTPRouteBuilder.desired(endpoint, slug, settings);
    if (desired.isEmpty()) {
      if (current != null) {
        resource.delete();
      }
      return ConditionOutcome.failed(
          ConditionType.INGRESS_READY,
          ConditionReasons.NO_PUBLIC_HOST,
          "no public host: set spec.gateway.host, or HOOKGATE_PUBLIC_BASE_URL on the operator");
    }
    // The grant first, so the route's backend resolves as soon as the Gateway sees the route.
    applyGrant(namespace);
    HTTPRoute written = current;
    if (current == null || differs(current, desired.get())) {
      written = write(client.resources(HTTPRoute.class).inNamespace(namespace), desired.get(), current);
    }
    return readiness(written, HTTPRouteBuilder.parentRef(endpoint));
  }

  /**
   * Deletes the endpoint's HTTPRoute if it is its own, and its namespace's ReferenceGrant unless
   * {@code namespaceStillUsesGateway}. Nothing to do without the Gateway API.
   */
  public void delete(WebhookEndpoint endpoint, BooleanSupplier namespaceStillUsesGateway) {
    if (!gatewayApi.installed()) {
      return;
    }
    String namespace = endpoint.getMetadata().getNamespace();
    Resource<HTTPRoute> route = client.resources(HTTPRoute.class).inNamespace(namespace)
        .withName(HTTPRouteBuilder.name(endpoint.getMetadata().getName()));
    HTTPRoute current = route.get();
    if (current != null && ownedBy(current, endpoint)) {
      route.delete();
    }
    // Asked only now: it looks at every endpoint of the namespace.
    if (!namespaceStillUsesGateway.getAsBoolean()) {
      Resource<ReferenceGrant> grant = grants().withName(ReferenceGrantBuilder.name(namespace));
      ReferenceGrant existing = grant.get();
      if (existing != null && managed(existing)) {
        grant.delete();
      }
    }
  }

  private void applyGrant(String endpointNamespace) {
    ReferenceGrant desired = ReferenceGrantBuilder.desired(endpointNamespace, settings);
    ReferenceGrant current = grants().withName(desired.getMetadata().getName()).get();
    if (current == null
        || !labelsInclude(current, desired.getMetadata().getLabels())
        || !Objects.equals(current.getSpec(), desired.getSpec())) {
      write(grants(), desired, current);
    }
  }

  private <T extends HasMetadata> T write(
      io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<T, ?, Resource<T>> operation, T desired, T current) {
    if (settings.serverSideApply()) {
      return operation.resource(desired).fieldManager(IngressStep.FIELD_MANAGER).forceConflicts().serverSideApply();
    }
    if (current == null) {
      return operation.resource(desired).create();
    }
    desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
    return operation.resource(desired).update();
  }

  /** The Gateway's verdict on the route, from status.parents for our parentRef. */
  static ConditionOutcome readiness(HTTPRoute route, ParentReference parent) {
    String where = "HTTPRoute " + route.getMetadata().getNamespace() + "/" + route.getMetadata().getName();
    String gateway = "Gateway " + parent.getNamespace() + "/" + parent.getName()
        + (parent.getSectionName() == null ? "" : " (listener " + parent.getSectionName() + ")");
    List<RouteParentStatus> parents =
        route.getStatus() == null || route.getStatus().getParents() == null
            ? List.of()
            : route.getStatus().getParents().stream()
                .filter(p -> sameParent(p.getParentRef(), parent, route.getMetadata().getNamespace()))
                .toList();
    Optional<RouteParentStatus> accepted = parents.stream()
        .filter(p -> condition(p, ACCEPTED).filter(c -> "True".equals(c.getStatus())).isPresent())
        .findFirst();
    if (accepted.isPresent()) {
      Optional<Condition> unresolved =
          condition(accepted.get(), RESOLVED_REFS).filter(c -> "False".equals(c.getStatus()));
      if (unresolved.isPresent()) {
        return ConditionOutcome.failed(ConditionType.INGRESS_READY, reasonOf(unresolved.get()),
            gateway + " accepted " + where + " but cannot resolve its backend" + messageOf(unresolved.get()));
      }
      return ConditionOutcome.ok(ConditionType.INGRESS_READY, ConditionReasons.ACCEPTED,
          gateway + " accepted " + where);
    }
    Optional<Condition> refused = parents.stream()
        .flatMap(p -> condition(p, ACCEPTED).stream())
        .filter(c -> "False".equals(c.getStatus()))
        .findFirst();
    if (refused.isPresent()) {
      return ConditionOutcome.failed(ConditionType.INGRESS_READY, reasonOf(refused.get()),
          gateway + " did not accept " + where + messageOf(refused.get()));
    }
    return ConditionOutcome.ok(ConditionType.INGRESS_READY, ConditionReasons.CREATED,
        where + " exists; " + gateway + " has not accepted it yet");
  }

  private static boolean sameParent(ParentReference reported, ParentReference ours, String routeNamespace) {
    if (reported == null) {
      return false;
    }
    String namespace = reported.getNamespace() == null ? routeNamespace : reported.getNamespace();
    String group = reported.getGroup() == null ? HTTPRouteBuilder.GATEWAY_GROUP : reported.getGroup();
    String kind = reported.getKind() == null ? HTTPRouteBuilder.GATEWAY_KIND : reported.getKind();
    return ours.getName().equals(reported.getName())
        && ours.getNamespace().equals(namespace)
        && HTTPRouteBuilder.GATEWAY_GROUP.equals(group)
        && HTTPRouteBuilder.GATEWAY_KIND.equals(kind)
        && Objects.equals(ours.getSectionName(), reported.getSectionName());
  }

  private static Optional<Condition> condition(RouteParentStatus parent, String type) {
    return parent.getConditions() == null
        ? Optional.empty()
        : parent.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static String reasonOf(Condition condition) {
    String reason = condition.getReason();
    return reason == null || reason.isBlank() ? ConditionReasons.NOT_ACCEPTED : reason;
  }

  private static String messageOf(Condition condition) {
    String message = condition.getMessage();
    return message == null || message.isBlank() ? "" : ": " + message;
  }

  static boolean differs(HTTPRoute current, HTTPRoute desired) {
    boolean owned = current.getMetadata().getOwnerReferences() != null
        && current.getMetadata().getOwnerReferences().containsAll(desired.getMetadata().getOwnerReferences());
    return !owned
        || !labelsInclude(current, desired.getMetadata().getLabels())
        || !Objects.equals(current.getSpec(), desired.getSpec());
  }

  private static boolean labelsInclude(HasMetadata object, Map<String, String> wanted) {
    Map<String, String> labels =
        object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
    return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  private static boolean ownedBy(HTTPRoute route, WebhookEndpoint endpoint) {
    return labelsInclude(route, ManagedLabels.forEndpoint(
        endpoint.getMetadata().getNamespace(), endpoint.getMetadata().getName()));
  }

  private static boolean managed(HasMetadata object) {
    return labelsInclude(object, ManagedLabels.managed());
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          ReferenceGrant,
          io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrantList,
          Resource<ReferenceGrant>>
      grants() {
    return client.resources(ReferenceGrant.class, io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrantList.class)
        .inNamespace(settings.receiverNamespace());
  }
}
