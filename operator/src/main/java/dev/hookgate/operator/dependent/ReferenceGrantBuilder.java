package dev.hookgate.operator.dependent;

import dev.hookgate.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrantFromBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrantToBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * The desired ReferenceGrant that lets the HTTPRoutes of one endpoint namespace reference the receiver Service: in
 * the receiver namespace, one per endpoint namespace with at least one endpoint on a Gateway. Shared by those
 * endpoints, so it has no owner and carries only the namespace label. Pure.
 */
public final class ReferenceGrantBuilder {

  static final String PREFIX = "hookgate-from-";

  private ReferenceGrantBuilder() {}

  public static ReferenceGrant desired(String endpointNamespace, OperatorSettings settings) {
    return new io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrantBuilder()
        .withNewMetadata()
        .withName(name(endpointNamespace))
        .withNamespace(settings.receiverNamespace())
        .withLabels(labels(endpointNamespace))
        .endMetadata()
        .withNewSpec()
        .withFrom(
            new ReferenceGrantFromBuilder()
                .withGroup(HTTPRouteBuilder.GATEWAY_GROUP)
                .withKind("HTTPRoute")
                .withNamespace(endpointNamespace)
                .build())
        .withTo(
            new ReferenceGrantToBuilder()
                .withGroup("")
                .withKind("Service")
                .withName(settings.receiverServiceName())
                .build())
        .endSpec()
        .build();
  }

  /** {@code hookgate-from-<namespace>}: a namespace name has at most 63 characters, so this fits. */
  public static String name(String endpointNamespace) {
    return PREFIX + endpointNamespace;
  }

  public static Map<String, String> labels(String endpointNamespace) {
    Map<String, String> labels = new TreeMap<>(ManagedLabels.managed());
    labels.put(ManagedLabels.ENDPOINT_NAMESPACE, endpointNamespace);
    return labels;
  }
}
