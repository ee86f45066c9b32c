package dev.hookgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.operator.HookgateOperator;
import dev.hookgate.operator.config.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator, as its ServiceAccount with deploy/'s RBAC, on a real API server, looking after the volumes a receiver
 * StatefulSet left behind: a Job for each claim no pod uses, the claim labelled drained once its Job completed, and
 * the drain stopped when a scale-up uses the volume again. This control plane runs no controllers and no kubelet, so
 * the test plays their parts (the pods are absent, the Job's completion is written to its status); the Job's own
 * work, a receiver draining its store and exiting, is DrainAndExitJvmTest's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreDrainOnRealClusterTest {

  /** deploy/'s receiver StatefulSet under another name, so other tests' installs are not touched. */
  private static final String STATEFULSET = "drain-e2e-receiver";
  private static final String NS = ControlPlane.SYSTEM_NAMESPACE;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static ControlPlane cluster;
  private static Kubectl kubectl;
  private static HookgateOperator operator;
  private static KubernetesClient operatorClient;

  @BeforeAll
  static void start() throws Exception {
    cluster = ControlPlane.shared();
    kubectl = cluster.kubectl();
    cluster.installDeploy().orFail();
    String statefulSet = Files.readString(cluster.repository().resolve("deploy/receiver/statefulset.yaml"))
        .replace("  name: hookgate-receiver\n", "  name: " + STATEFULSET + "\n")
        .replace("  replicas: 2\n", "  replicas: 1\n");
    kubectl.runWithInput(statefulSet, "apply", "-n", NS, "-f", "-").orFail();
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      kubectl.runWithInput(claim("store-" + STATEFULSET + "-" + ordinal), "apply", "-n", NS, "-f", "-").orFail();
    }
    operatorClient = cluster.clientWithToken(
        cluster.serviceAccountToken(NS, ControlPlane.OPERATOR_SERVICE_ACCOUNT), NS);
    operator = HookgateOperator.start(operatorClient, OperatorSettings.builder()
        .receiverNamespace(NS)
        .receiverStatefulSet(STATEFULSET)
        // no WebhookEndpoints here: other tests' endpoints are theirs to reconcile
        .watchNamespaces(Set.of("store-drain-e2e-no-endpoints"))
        .serverSideApply(true)
        .build());
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
    if (kubectl != null) {
      // --wait=false: no controller runs here to take the claims' protection finalizer off
      kubectl.run("delete", "statefulset", STATEFULSET, "-n", NS, "--ignore-not-found");
      kubectl.run("delete", "pvc", "-n", NS, "--ignore-not-found", "--wait=false", "store-" + STATEFULSET + "-0",
          "store-" + STATEFULSET + "-1", "store-" + STATEFULSET + "-2");
      kubectl.run("delete", "jobs", "-n", NS, "--wait=false", "-l", "app.kubernetes.io/name=hookgate-store-drain");
    }
  }

  @Test
  @Order(1)
  void eachClaimNoPodUsesGetsADrainJobRunningTheReceiversPod() {
    await().atMost(WAIT).untilAsserted(() -> assertThat(drainJobs())
        .isEqualTo("store-" + STATEFULSET + "-1-drain store-" + STATEFULSET + "-2-drain"));

    String job = "job/store-" + STATEFULSET + "-2-drain";
    assertThat(get(job, "{.spec.template.spec.volumes[?(@.name==\"store\")].persistentVolumeClaim.claimName}"))
        .isEqualTo("store-" + STATEFULSET + "-2");
    assertThat(get(job, "{.spec.template.spec.containers[0].env[?(@.name==\"HOOKGATE_PEERS_DRAIN_AND_EXIT\")]"
        + ".value}")).isEqualTo("true");
    assertThat(get(job, "{.spec.template.spec.containers[0].image}"))
        .isEqualTo(get("statefulset/" + STATEFULSET, "{.spec.template.spec.containers[0].image}"));
    assertThat(get(job, "{.metadata.ownerReferences[0].name}")).isEqualTo(STATEFULSET);
    await().atMost(WAIT).untilAsserted(() -> assertThat(events()).contains("DrainingVolume"));
  }

  @Test
  @Order(2)
  void aCompletedJobLeavesItsClaimLabelledDrainedAndGoes() {
    String job = "store-" + STATEFULSET + "-1-drain";
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    // The Job controller's part: the pod exited 0.
    kubectl.run("patch", "job", job, "-n", NS, "--subresource=status", "--type=merge", "-p", """
        {"status": {"startTime": "%1$s", "completionTime": "%1$s", "succeeded": 1, "conditions": [
          {"type": "SuccessCriteriaMet", "status": "True", "lastTransitionTime": "%1$s"},
          {"type": "Complete", "status": "True", "lastTransitionTime": "%1$s"}]}}""".formatted(now)).orFail();

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(get("pvc/store-" + STATEFULSET + "-1", "{.metadata.labels.hookgate\\.dev/store-drained}"))
          .isEqualTo("true");
      assertThat(drainJobs()).isEqualTo("store-" + STATEFULSET + "-2-drain");
    });
    assertThat(get("pvc/store-" + STATEFULSET + "-2", "{.metadata.labels.hookgate\\.dev/store-drained}")).isEmpty();
    await().atMost(WAIT).untilAsserted(() -> assertThat(events()).contains("VolumeDrained"));
  }

  @Test
  @Order(3)
  void aScaleUpStopsTheDrainOfAVolumeItUsesAgainAndClearsTheDrainedLabel() {
    kubectl.run("scale", "statefulset", STATEFULSET, "-n", NS, "--replicas=3").orFail();

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(drainJobs()).isEmpty();
      assertThat(get("pvc/store-" + STATEFULSET + "-1", "{.metadata.labels.hookgate\\.dev/store-drained}"))
          .isEmpty();
    });
    assertThat(events()).contains("VolumeDrainStopped");
  }

  @Test
  @Order(4)
  void aStatefulSetThatWouldDeleteTheVolumesOfRemovedPodsIsWarnedAbout() {
    assertThat(get("statefulset/" + STATEFULSET, "{.spec.persistentVolumeClaimRetentionPolicy.whenScaled}"))
        .isEqualTo("Retain");
    assertThat(events()).doesNotContain("VolumesDeletedOnScaleDown");

    kubectl.run("patch", "statefulset", STATEFULSET, "-n", NS, "--type=merge", "-p",
        "{\"spec\":{\"persistentVolumeClaimRetentionPolicy\":{\"whenScaled\":\"Delete\"}}}").orFail();

    await().atMost(WAIT).untilAsserted(() -> assertThat(events())
        .contains("VolumesDeletedOnScaleDown: persistentVolumeClaimRetentionPolicy.whenScaled is Delete"));
  }

  private static String claim(String name) {
    return """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: %s
          labels: {app.kubernetes.io/name: hookgate-receiver}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
        """.formatted(name);
  }

  private static String drainJobs() {
    return kubectl.run("get", "jobs", "-n", NS, "-l", "hookgate.dev/claim", "-o",
        "jsonpath={range .items[*]}{.metadata.name}{\" \"}{end}").orFail().stdout().trim();
  }

  private static String get(String object, String jsonPath) {
    return kubectl.run("get", object, "-n", NS, "-o", "jsonpath=" + jsonPath).orFail().stdout().trim();
  }

  private static String events() {
    return kubectl.run("get", "events", "-n", NS, "--field-selector", "involvedObject.name=" + STATEFULSET,
        "-o", "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}").orFail().stdout();
  }
}
