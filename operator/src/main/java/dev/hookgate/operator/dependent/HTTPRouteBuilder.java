package dev.hookgate.operator.dependent;

import dev.hookgate.operator.api.GatewaySpec;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The desired HTTPRoute of an endpoint with spec.gateway: in the endpoint's namespace (owned by the endpoint),
 * attached to the Gateway, one Exact path {@code /h/<slug>} on the host to the receiver Service in the receiver
 * namespace; that cross-namespace backend is allowed by {@link ReferenceGrantBuilder}'s grant. Pure.
 *
 * <p>Every field the API server would default (group, kind, namespace, weight) is written out, so that the object
 * read back equals the desired one and nothing is rewritten on each reconcile.
 */
public final class HTTPRouteBuilder {

  public static final String GATEWAY_GROUP = "gateway.networking.k8s.io";
  public static final String GATEWAY_KIND = "Gateway";
  public static final String PATH_EXACT = "Exact";

  private HTTPRouteBuilder() {}

  /** Empty when the endpoint has no public host (neither spec.gateway.host nor HOOKGATE_PUBLIC_BASE_URL). */
  public static Optional<HTTPRoute> desired(WebhookEndpoint endpoint, String slug, OperatorSettings settings) {
    Optional<String> host = PublicEndpoint.host(endpoint, settings);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    String namespace = endpoint.getMetadata().getNamespace();
    String name = endpoint.getMetadata().getName();
    return Optional.of(
        new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder()
            .withNewMetadata()
            .withName(name(name))
            .withNamespace(namespace)
            .withLabels(new TreeMap<>(ManagedLabels.forEndpoint(namespace, name)))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(endpoint.getApiVersion())
                    .withKind(endpoint.getKind())
                    .withName(name)
                    .withUid(endpoint.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .endMetadata()
            .withNewSpec()
            .withParentRefs(parentRef(endpoint))
            // An IP address is no valid hostname: without hostnames, the route matches any host.
            .withHostnames(PublicEndpoint.isIpLiteral(host.get()) ? null : List.of(host.get()))
            .withRules(
                new HTTPRouteRuleBuilder()
                    .withMatches(
                        new HTTPRouteMatchBuilder()
                            .withPath(
                                new HTTPPathMatchBuilder()
                                    .withType(PATH_EXACT)
                                    .withValue(PublicEndpoint.path(slug))
                                    .build())
                            .build())
                    .withBackendRefs(
                        new HTTPBackendRefBuilder()
                            .withGroup("")
                            .withKind("Service")
                            .withName(settings.receiverServiceName())
                            .withNamespace(settings.receiverNamespace())
                            .withPort(settings.receiverServicePort())
                            .withWeight(1)
                            .build())
                    .build())
            .endSpec()
            .build());
  }

  /** The reference to spec.gateway, its namespace defaulting to the endpoint's as in Gateway API. */
  public static ParentReference parentRef(WebhookEndpoint endpoint) {
    GatewaySpec gateway = endpoint.getSpec().getGateway();
    String namespace = IngressBuilder.firstNonBlank(gateway.getNamespace(), endpoint.getMetadata().getNamespace());
    return new ParentReferenceBuilder()
        .withGroup(GATEWAY_GROUP)
        .withKind(GATEWAY_KIND)
        .withNamespace(namespace)
        .withName(gateway.getName())
        .withSectionName(IngressBuilder.firstNonBlank(gateway.getSectionName(), null))
        .build();
  }

  /** {@code whe-<name>} in the endpoint's namespace, shortened with a stable hash beyond 63 characters. */
  public static String name(String endpointName) {
    return IngressBuilder.shortened("whe-" + endpointName, endpointName);
  }
}
