package dev.hookgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
   * Every plain manifest under deploy/ and deploy/examples/, one dynamic test each, validated by the API server.
   * The Helm chart's files are templates, not manifests: {@link HelmChartTest} renders and validates them.
   */
  @TestFactory
  Stream<DynamicTest> everyManifestIsAcceptedByServerSideDryRun() throws IOException {
    cluster.installDeploy().orFail();
    cluster.kubectl().run("create", "namespace", "dry-run").orFail();
    Path deploy = cluster.repository().resolve("deploy");
    Path chart = deploy.resolve("chart");
    List<Path> manifests;
    try (Stream<Path> files = Files.walk(deploy)) {
      manifests = files
          .filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
          .filter(path -> !path.getFileName().toString().equals("kustomization.yaml"))
          .filter(path -> !path.startsWith(chart))
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
