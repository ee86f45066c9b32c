package dev.hookgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The manifests users apply, applied with the real kubectl to a real API server. */
class DeployManifestsTest {

  private static ControlPlane cluster;

  @BeforeAll
  static void cluster() {
    cluster = ControlPlane.shared();
  }

  @Test
  void kustomizeBaseApplies() {
    Kubectl.Result applied = cluster.installDeploy();

    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(applied.stdout())
        .contains("namespace/hookgate-system")
        .contains("customresourcedefinition.apiextensions.k8s.io/webhookendpoints.hookgate.dev")
        .contains("serviceaccount/hookgate-operator")
        .contains("clusterrole.rbac.authorization.k8s.io/hookgate-operator")
        .contains("role.rbac.authorization.k8s.io/hookgate-operator")
        .contains("deployment.apps/hookgate-operator")
        .contains("statefulset.apps/hookgate-receiver");
    assertThat(cluster.kubectl().run("get", "crd", "webhookendpoints.hookgate.dev", "-o",
        "jsonpath={.status.conditions[?(@.type==\"Established\")].status}").orFail().stdout()).isEqualTo("True");
  }

  /**
   * The PostgreSQL store the way the README installs it: a kustomization of the user's own with deploy/ as its
   * resource, deploy/postgresql as a component, and a patch with the user's database.
   */
  @Test
  void postgresqlComponentMakesTheReceiversADeploymentOnTheUsersDatabase() throws IOException {
    cluster.installDeploy().orFail();
    Path repository = cluster.repository();
    Files.createDirectories(repository.resolve("e2e/target"));
    Path overlay = Files.createTempDirectory(repository.resolve("e2e/target"), "kustomize-postgresql");
    Files.writeString(overlay.resolve("kustomization.yaml"), """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - %1$s
        components:
          - %1$s/postgresql
        patches:
          - patch: |-
              apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: hookgate-receiver
                namespace: hookgate-system
              spec:
                template:
                  spec:
                    containers:
                      - name: receiver
                        env:
                          - name: HOOKGATE_STORE_POSTGRESQL_URL
                            value: jdbc:postgresql://db.example.internal:5432/webhooks
        """.formatted(overlay.relativize(repository.resolve("deploy"))));

    String rendered = cluster.kubectl().run("kustomize", overlay.toString()).orFail().stdout();

    assertThat(rendered)
        .doesNotContain("kind: StatefulSet")
        .doesNotContain("volumeClaimTemplates")
        .contains("value: postgresql")
        .contains("secretName: hookgate-receiver-postgresql")
        .contains("value: jdbc:postgresql://db.example.internal:5432/webhooks")
        .doesNotContain("postgresql.hookgate-system.svc")
        // no volumes to drain: the operator is told of no StatefulSet and may not touch pods, claims or Jobs
        .containsPattern("name: HOOKGATE_RECEIVER_STATEFULSET\\n\\s+value: '-'")
        .doesNotContain("persistentvolumeclaims")
        .doesNotContain("- jobs")
        .doesNotContain("- statefulsets");
    Kubectl.Result applied = cluster.kubectl().run("apply", "--dry-run=server", "-k", overlay.toString());
    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(applied.stdout())
        .contains("deployment.apps/hookgate-receiver created (server dry run)")
        .contains("deployment.apps/hookgate-operator")
        .doesNotContain("statefulset");
  }

  /**
   * The component's Deployment repeats the base StatefulSet's pod template: they may differ only in the store's
   * settings and volumes, and the dedup peers (embedded stores only: PostgreSQL's receivers share one dedup table),
   * so a change to one that is not made to the other fails here.
   */
  @Test
  void postgresqlDeploymentRunsTheSamePodAsTheStatefulSetApartFromTheStore() throws IOException {
    Path deploy = cluster.repository().resolve("deploy");
    StatefulSet embedded = Serialization.unmarshal(
        Files.readString(deploy.resolve("receiver/statefulset.yaml")), StatefulSet.class);
    Deployment postgresql = Serialization.unmarshal(
        Files.readString(deploy.resolve("postgresql/receiver-deployment.yaml")), Deployment.class);

    assertThat(postgresql.getSpec().getReplicas()).isEqualTo(embedded.getSpec().getReplicas());
    assertThat(postgresql.getSpec().getSelector()).isEqualTo(embedded.getSpec().getSelector());
    assertThat(withoutStore(postgresql.getSpec().getTemplate()))
        .isEqualTo(withoutStore(embedded.getSpec().getTemplate()));
    assertThat(withoutStore(postgresql.getSpec().getTemplate()).getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName).contains("HOOKGATE_ROUTES_FILE", "HOOKGATE_TRUSTED_PROXIES");
    assertThat(embedded.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName).contains("HOOKGATE_PEERS_DNS", "HOOKGATE_PEERS_SELF",
            "HOOKGATE_PEERS_DRAIN_ON_SHUTDOWN");
    assertThat(embedded.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(60);
    assertThat(postgresql.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName).noneMatch(name -> name.startsWith("HOOKGATE_PEERS_"));
  }

  /**
   * The pod template without the store's (and the dedup peers') environment variables, volumes and mounts, and
   * without the grace period the embedded store's pods get for their drain on shutdown.
   */
  private static PodTemplateSpec withoutStore(PodTemplateSpec template) {
    PodTemplateSpec copy = Serialization.clone(template);
    copy.getSpec().setTerminationGracePeriodSeconds(null);
    copy.getSpec().getVolumes().removeIf(volume -> volume.getName().startsWith("store"));
    for (Container container : copy.getSpec().getContainers()) {
      container.getEnv().removeIf(variable -> variable.getName().startsWith("HOOKGATE_STORE_")
          || variable.getName().startsWith("HOOKGATE_PEERS_"));
      container.getVolumeMounts().removeIf(mount -> mount.getName().startsWith("store"));
    }
    return copy;
  }

  /**
   * Every plain manifest under deploy/ and deploy/examples/, one dynamic test each, validated by the API server.
   * The Helm chart's files are templates, not manifests: {@link HelmChartTest} renders and validates them. The
   * PostgreSQL component's Deployment is checked in its place, by the test above.
   */
  @TestFactory
  Stream<DynamicTest> everyManifestIsAcceptedByServerSideDryRun() throws IOException {
    cluster.installDeploy().orFail();
    cluster.kubectl().run("create", "namespace", "dry-run").orFail();
    Path deploy = cluster.repository().resolve("deploy");
    Path chart = deploy.resolve("chart");
    Path postgresqlComponent = deploy.resolve("postgresql");
    List<Path> manifests;
    try (Stream<Path> files = Files.walk(deploy)) {
      manifests = files
          .filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
          .filter(path -> !path.getFileName().toString().equals("kustomization.yaml"))
          .filter(path -> !path.startsWith(chart) && !path.startsWith(postgresqlComponent))
          .sorted()
          .toList();
    }
    assertThat(manifests).hasSizeGreaterThanOrEqualTo(10);
    return manifests.stream().map(manifest -> DynamicTest.dynamicTest(deploy.relativize(manifest).toString(), () -> {
      // Namespaced objects without a namespace of their own land in dry-run, as `kubectl apply -n` would put them.
      Kubectl.Result result = cluster.kubectl().run("apply", "--dry-run=server", "-n", "dry-run", "-f",
          manifest.toString());
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.stdout()).contains("(server dry run)");
    }));
  }
}
