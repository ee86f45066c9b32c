package dev.hookgate.operator.reconciler;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the API server serves the Gateway API kinds the operator writes (HTTPRoute v1, ReferenceGrant v1beta1).
 * Found once at startup through API discovery ({@code /apis/gateway.networking.k8s.io/...}, readable by every
 * authenticated client, no RBAC needed): without them no HTTPRoute informer is started, and endpoints with
 * spec.gateway report IngressReady=False/GatewayApiNotInstalled. Installing the CRDs later takes an operator
 * restart.
 */
public record GatewayApi(boolean installed) {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayApi.class);

  public static final GatewayApi INSTALLED = new GatewayApi(true);
  public static final GatewayApi NOT_INSTALLED = new GatewayApi(false);

  /** Whether the discovery document of {@code type}'s group version lists its plural. */
  private static boolean served(KubernetesClient client, Class<? extends HasMetadata> type) {
    APIResourceList resources = client.getApiResources(HasMetadata.getApiVersion(type));
    String plural = HasMetadata.getPlural(type);
    return resources != null
        && resources.getResources() != null
        && resources.getResources().stream().anyMatch(resource -> plural.equals(resource.getName()));
  }

  public static GatewayApi discover(KubernetesClient client) {
    try {
      boolean installed = served(client, HTTPRoute.class) && served(client, ReferenceGrant.class);
      LOG.info(installed
          ? "Gateway API found: endpoints with spec.gateway get an HTTPRoute"
          : "Gateway API (HTTPRoute v1, ReferenceGrant v1beta1) not served: spec.gateway is reported as"
              + " GatewayApiNotInstalled");
      return new GatewayApi(installed);
    } catch (KubernetesClientException e) {
      LOG.warn("Gateway API discovery failed ({}): treating it as not installed", e.getMessage());
      return NOT_INSTALLED;
    }
  }
}
