package dev.hookgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart in deploy/chart/hookgate: lint-clean, and everything it renders (with the metrics toggles off and
 * on) accepted by the real API server, with the prometheus-operator CRDs installed for the ServiceMonitor and
 * PrometheusRule.
 */
class HelmChartTest {

  private static final String ALL_TOGGLES = "metrics.serviceMonitor.enabled=true,metrics.prometheusRule.enabled=true,"
      + "metrics.grafanaDashboard.enabled=true";

  private static ControlPlane cluster;
  private static String chart;

  @BeforeAll
  static void installCrds() {
    cluster = ControlPlane.shared();
    cluster.installDeploy().orFail();
    chart = cluster.repository().resolve("deploy/chart/hookgate").toString();
    String crds = cluster.repository().resolve("deploy/chart/testdata/prometheus-operator-crds").toString();
    cluster.kubectl().run("apply", "--server-side", "-f", crds + "/monitoring.coreos.com_servicemonitors.yaml",
        "-f", crds + "/monitoring.coreos.com_prometheusrules.yaml").orFail();
    cluster.kubectl().run("wait", "--for=condition=Established", "--timeout=60s",
        "crd/servicemonitors.monitoring.coreos.com", "crd/prometheusrules.monitoring.coreos.com").orFail();
  }

  @Test
  void chartIsLintClean() {
    Kubectl.Result plain = cluster.helm().run("lint", chart);
    assertThat(plain.exitCode()).as(plain.toString()).isZero();
    assertThat(plain.stdout()).contains("0 chart(s) failed");

    Kubectl.Result strict = cluster.helm().run("lint", "--strict", chart, "--set", ALL_TOGGLES);
    assertThat(strict.exitCode()).as(strict.toString()).isZero();
  }

  @Test
  void defaultRenderingIsAcceptedByTheApiServer() {
    String rendered = render();

    Kubectl.Result applied = cluster.kubectl().runWithInput(rendered, "apply", "--dry-run=server", "-f", "-");

    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(applied.stdout())
        .contains("customresourcedefinition.apiextensions.k8s.io/webhookendpoints.hookgate.dev")
        .contains("deployment.apps/hookgate-operator")
        .contains("statefulset.apps/hookgate-receiver")
        .contains("clusterrole.rbac.authorization.k8s.io/hookgate-operator")
        .doesNotContain("servicemonitor");
    // embedded stores: each dedup key has one owner among the receivers, found through the headless Service
    assertThat(rendered)
        .contains("name: HOOKGATE_PEERS_DNS\n              value: hookgate-receiver-internal")
        .contains("name: HOOKGATE_PEERS_DRAIN_ON_SHUTDOWN\n              value: \"40s\"")
        .contains("terminationGracePeriodSeconds: 60")
        .contains("name: HOOKGATE_PEERS_SELF\n              valueFrom:\n                fieldRef:\n"
            + "                  fieldPath: status.podIP")
        // volumes a scale-down leaves behind are drained by the operator's Jobs
        .contains("name: HOOKGATE_RECEIVER_STATEFULSET\n              value: hookgate-receiver")
        .contains("resources: [\"jobs\"]");
  }

  @Test
  void aPostgresqlStoreRendersADeploymentWithoutVolumesAndThePasswordFromASecretFile() {
    String rendered = render("--set", "receiver.store.type=postgresql",
        "--set", "receiver.store.postgresql.url=jdbc:postgresql://postgres.db.svc:5432/hookgate",
        "--set", "receiver.store.postgresql.passwordSecret.name=hookgate-postgres");

    Kubectl.Result applied = cluster.kubectl().runWithInput(rendered, "apply", "--dry-run=server", "-f", "-");

    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(applied.stdout()).contains("deployment.apps/hookgate-receiver").doesNotContain("statefulset");
    assertThat(rendered)
        .doesNotContain("volumeClaimTemplates")
        .contains("name: HOOKGATE_STORE_POSTGRESQL_URL\n              value: \"jdbc:postgresql://postgres.db.svc:5432/hookgate\"")
        .contains("name: HOOKGATE_STORE_POSTGRESQL_PASSWORD_FILE\n              value: /etc/hookgate/store/password")
        .contains("secretName: hookgate-postgres")
        .doesNotContain("HOOKGATE_STORE_POSTGRESQL_PASSWORD\n")
        .doesNotContain("HOOKGATE_PEERS_") // one shared dedup table
        // nothing to drain: no volumes, and no Jobs for the operator to make
        .contains("name: HOOKGATE_RECEIVER_STATEFULSET\n              value: \"-\"")
        .doesNotContain("resources: [\"jobs\"]");
  }

  @Test
  void metricsTogglesRenderObjectsTheApiServerAccepts() {
    // The Roles for watched namespaces need the namespace (another test class may have made it already).
    cluster.kubectl().run("create", "namespace", "helm-watched");
    String rendered = render("--set", ALL_TOGGLES,
        "--set", "operator.watchNamespaces={helm-watched}", "--set", "receiver.trustedProxies={10.244.0.0/16}");

    Kubectl.Result applied = cluster.kubectl().runWithInput(rendered, "apply", "--dry-run=server", "-f", "-");

    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(applied.stdout())
        .contains("servicemonitor.monitoring.coreos.com/")
        .contains("prometheusrule.monitoring.coreos.com/")
        .contains("configmap/")
        // With watched namespaces the operator gets Roles there instead of a ClusterRole: no Secret access elsewhere.
        .contains("role.rbac.authorization.k8s.io/hookgate-operator-endpoints")
        .doesNotContain("clusterrole.rbac.authorization.k8s.io/hookgate-operator");
  }

  @Test
  void dedupAcrossPodsOffLeavesEachReceiverToDeduplicateAlone() {
    String rendered = render("--set", "receiver.store.dedupAcrossPods=false");

    Kubectl.Result applied = cluster.kubectl().runWithInput(rendered, "apply", "--dry-run=server", "-f", "-");

    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(applied.stdout()).contains("statefulset.apps/hookgate-receiver");
    assertThat(rendered).contains("HOOKGATE_STORE_PATH").doesNotContain("HOOKGATE_PEERS_")
        // receivers that do not know each other cannot take a left-behind volume's deliveries
        .contains("name: HOOKGATE_RECEIVER_STATEFULSET\n              value: \"-\"");
  }

  @Test
  void thePostgresqlStoreWithoutAUrlIsRefusedByName() {
    Kubectl.Result rendered = cluster.helm().run("template", "hookgate", chart,
        "--set", "receiver.store.type=postgresql", "--set", "receiver.store.postgresql.passwordSecret.name=s");

    assertThat(rendered.exitCode()).isNotZero();
    assertThat(rendered.stderr()).contains("receiver.store.postgresql.url is required");
  }

  private static String render(String... extra) {
    String[] args = new String[5 + extra.length];
    args[0] = "template";
    args[1] = "hookgate";
    args[2] = chart;
    args[3] = "--namespace=" + ControlPlane.SYSTEM_NAMESPACE;
    args[4] = "--include-crds";
    System.arraycopy(extra, 0, args, 5, extra.length);
    Kubectl.Result rendered = cluster.helm().run(args);
    assertThat(rendered.exitCode()).as(rendered.toString()).isZero();
    return rendered.stdout();
  }
}
