package dev.hookgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.operator.HookgateOperator;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.dependent.HTTPRouteBuilder;
import dev.hookgate.operator.dependent.ReferenceGrantBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An endpoint routed through a Gateway instead of an Ingress, on a real API server with the Gateway API CRDs
 * (standard channel) installed: the operator, as its own ServiceAccount, creates an HTTPRoute the API server's
 * schema accepts in the endpoint's namespace and a ReferenceGrant in hookgate-system; a Gateway controller's
 * acceptance shows in IngressReady; deleting the endpoint removes both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayApiOnRealClusterTest {

  private static final String NAMESPACE = "gw-team";
  private static final String NAME = "via-gateway";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static ControlPlane cluster;
  private static KubernetesClient admin;
  private static KubernetesClient operatorClient;
  private static HookgateOperator operator;

  @BeforeAll
  static void installGatewayApiAndStartTheOperator() {
    cluster = ControlPlane.shared();
    admin = cluster.admin();
    cluster.installDeploy().orFail();
    Path crds = cluster.repository().resolve("operator/src/test/resources/gateway-api-crds");
    cluster.kubectl().run("apply", "--server-side", "-f", crds.toString()).orFail();
    cluster.kubectl().run("wait", "--for=condition=Established", "--timeout=60s",
        "crd/httproutes.gateway.networking.k8s.io", "crd/referencegrants.gateway.networking.k8s.io").orFail();
    cluster.createNamespace(NAMESPACE);

    String token = cluster.serviceAccountToken(ControlPlane.SYSTEM_NAMESPACE, ControlPlane.OPERATOR_SERVICE_ACCOUNT);
    operatorClient = cluster.clientWithToken(token, ControlPlane.SYSTEM_NAMESPACE);
    operator = HookgateOperator.start(operatorClient, OperatorSettings.builder()
        .receiverNamespace(ControlPlane.SYSTEM_NAMESPACE)
        .publicBaseUrl("https://hooks.example.com")
        .watchNamespaces(Set.of(NAMESPACE))
        .serverSideApply(true)
        .build());
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
  }

  @Test
  @Order(1)
  void theOperatorCreatesAnHttpRouteAndReferenceGrantTheApiServerAccepts() {
    cluster.kubectl().runWithInput("""
        apiVersion: v1
        kind: Secret
        metadata: {name: gw-secret}
        stringData: {secret: a-long-random-string}
        ---
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: %s}
        spec:
          provider: {type: github}
          signingSecretRef: {name: gw-secret, key: secret}
          target: {service: {name: ci-events, port: 8080}}
          gateway: {name: public, namespace: %s, sectionName: https}
        """.formatted(NAME, NAMESPACE), "apply", "-n", NAMESPACE, "-f", "-").orFail();

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(ingressReady().get("status")).isEqualTo("True");
      assertThat(ingressReady().get("reason")).isEqualTo("Created");
    });
    String slug = (String) status().get("slug");
    GenericKubernetesResource route = httpRoute();
    assertThat(route).isNotNull();
    String routeYaml = cluster.kubectl()
        .run("get", "httproute", HTTPRouteBuilder.name(NAME), "-n", NAMESPACE, "-o", "yaml").orFail().stdout();
    assertThat(routeYaml)
        .contains("name: public").contains("sectionName: https")
        .contains("value: /h/" + slug)
        .contains("name: hookgate-receiver").contains("namespace: " + ControlPlane.SYSTEM_NAMESPACE)
        .contains("hooks.example.com");
    assertThat(referenceGrant()).isNotNull();
    assertThat(cluster.kubectl().run("get", "ingress", "-A").stdout()).doesNotContain("whe-" + NAMESPACE);
  }

  @Test
  @Order(2)
  void aGatewayControllersAcceptanceShowsInIngressReady() {
    cluster.kubectl().run("patch", "httproute", HTTPRouteBuilder.name(NAME), "-n", NAMESPACE,
        "--subresource=status", "--type=merge", "-p", """
        {"status":{"parents":[{"parentRef":{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"public",
          "namespace":"%s","sectionName":"https"},"controllerName":"example.com/gateway-controller",
          "conditions":[{"type":"Accepted","status":"True","reason":"Accepted","message":"route attached",
            "lastTransitionTime":"2026-01-01T00:00:00Z","observedGeneration":1}]}]}}
        """.formatted(NAMESPACE)).orFail();

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(ingressReady().get("status")).isEqualTo("True");
      assertThat(ingressReady().get("reason")).isEqualTo("Accepted");
    });
  }

  @Test
  @Order(3)
  void deletingTheEndpointRemovesItsHttpRouteAndTheReferenceGrant() {
    cluster.kubectl().run("delete", "whe", NAME, "-n", NAMESPACE, "--timeout=60s").orFail();

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(httpRoute()).isNull();
      assertThat(referenceGrant()).isNull();
    });
  }

  private static GenericKubernetesResource httpRoute() {
    return admin.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute")
        .inNamespace(NAMESPACE).withName(HTTPRouteBuilder.name(NAME)).get();
  }

  private static GenericKubernetesResource referenceGrant() {
    return admin.genericKubernetesResources("gateway.networking.k8s.io/v1beta1", "ReferenceGrant")
        .inNamespace(ControlPlane.SYSTEM_NAMESPACE).withName(ReferenceGrantBuilder.name(NAMESPACE)).get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status() {
    GenericKubernetesResource endpoint = admin.genericKubernetesResources("hookgate.dev/v1alpha1", "WebhookEndpoint")
        .inNamespace(NAMESPACE).withName(NAME).get();
    Object status = endpoint == null ? null : endpoint.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> ingressReady() {
    Object conditions = status().get("conditions");
    if (conditions instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> map && "IngressReady".equals(map.get("type"))) {
          return (Map<String, Object>) map;
        }
      }
    }
    return Map.of();
  }
}
