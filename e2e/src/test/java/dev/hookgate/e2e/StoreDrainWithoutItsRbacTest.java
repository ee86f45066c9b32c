package dev.hookgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.HookgateOperator;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.storedrain.StoreDrainPermissions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator upgraded without the RBAC that came with its volume drain (the Role's rules on StatefulSets, pods,
 * claims and Jobs): on a real API server, as a ServiceAccount with the older rules, it starts and reconciles, with
 * the drain off and a warning, instead of not starting at all.
 */
class StoreDrainWithoutItsRbacTest {

  private static final String NS = ControlPlane.SYSTEM_NAMESPACE;
  private static final String ACCOUNT = "operator-before-drain";
  private static final Set<String> DRAIN_RESOURCES = Set.of("statefulsets", "pods", "persistentvolumeclaims", "jobs");

  private static ControlPlane cluster;
  private static Kubectl kubectl;

  @BeforeAll
  static void olderRbac() throws Exception {
    cluster = ControlPlane.shared();
    kubectl = cluster.kubectl();
    cluster.installDeploy().orFail();
    Role current = deployedRole();
    Role older = new RoleBuilder(current)
        .editMetadata().withName(ACCOUNT).withNamespace(NS).endMetadata()
        .withRules(current.getRules().stream()
            .filter(rule -> rule.getResources().stream().noneMatch(DRAIN_RESOURCES::contains)).toList())
        .build();
    assertThat(older.getRules()).hasSize(current.getRules().size() - DRAIN_RESOURCES.size());
    kubectl.runWithInput(Serialization.asYaml(older) + """
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: %1$s, namespace: %2$s}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: %1$s, namespace: %2$s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: %1$s}
        subjects: [{kind: ServiceAccount, name: %1$s, namespace: %2$s}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: %1$s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: hookgate-operator}
        subjects: [{kind: ServiceAccount, name: %1$s, namespace: %2$s}]
        """.formatted(ACCOUNT, NS), "apply", "-f", "-").orFail();
  }

  @AfterAll
  static void removeRbac() {
    if (kubectl != null) {
      kubectl.run("delete", "clusterrolebinding", ACCOUNT, "--ignore-not-found");
      kubectl.run("delete", "rolebinding,role,serviceaccount", ACCOUNT, "-n", NS, "--ignore-not-found");
    }
  }

  @Test
  void theOperatorStartsWithTheDrainOffWhenItMayNotDrainVolumes() {
    try (KubernetesClient current = cluster.clientWithToken(
            cluster.serviceAccountToken(NS, ControlPlane.OPERATOR_SERVICE_ACCOUNT), NS);
        KubernetesClient older = cluster.clientWithToken(cluster.serviceAccountToken(NS, ACCOUNT), NS)) {
      assertThat(StoreDrainPermissions.missing(current, NS)).isEmpty();
      assertThat(StoreDrainPermissions.missing(older, NS)).contains("list statefulsets.apps", "create jobs.batch",
          "patch persistentvolumeclaims", "watch pods").hasSize(11);

      HookgateOperator operator = HookgateOperator.start(older, OperatorSettings.builder()
          .receiverNamespace(NS)
          .receiverStatefulSet("drain-e2e-older-rbac")
          .watchNamespaces(Set.of("store-drain-e2e-no-endpoints"))
          .serverSideApply(true)
          .build());
      try {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        operator.meters().bindTo(registry);
        assertThat(registry.find("hookgate.operator.receiver.volumes.left.behind").gauges()).isEmpty();
      } finally {
        operator.close();
      }
    }
  }

  private static Role deployedRole() throws Exception {
    String rbac = Files.readString(cluster.repository().resolve("deploy/operator/rbac.yaml"));
    List<HasMetadata> objects = Serialization.unmarshal(
        new ByteArrayInputStream(rbac.getBytes(StandardCharsets.UTF_8)));
    return objects.stream().filter(Role.class::isInstance).map(Role.class::cast).findFirst().orElseThrow();
  }
}
