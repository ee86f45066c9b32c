package dev.hookgate.operator.storedrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The drain Job made from the StatefulSet deploy/ installs. */
class StoreDrainJobBuilderTest {

  private static final Path STATEFULSET = Path.of("..", "deploy", "receiver", "statefulset.yaml");

  /** deploy/ keeps a removed pod's volume for its drain: a volume deleted with the pod loses what was on it. */
  @Test
  void theDeployedStatefulSetKeepsTheVolumesOfRemovedPods() throws IOException {
    StatefulSet receivers = deployed();
    assertThat(receivers.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
    assertThat(LeftBehindVolumes.plan(receivers, List.of(), Set.of(), List.of()).actions()).isEmpty();
  }

  @Test
  void theJobRunsTheReceiversOwnPodOnTheLeftBehindClaimToDrainAndExit() throws IOException {
    StatefulSet receivers = deployed();
    Job job = StoreDrainJobBuilder.build(receivers, "store-hookgate-receiver-2");

    assertThat(job.getMetadata().getName()).isEqualTo("store-hookgate-receiver-2-drain");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("hookgate-system");
    assertThat(job.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getKind() + "/" + owner.getName()).isEqualTo(
            "StatefulSet/hookgate-receiver"));
    // Not the receivers' labels: no Service sends it deliveries, no PodDisruptionBudget or StatefulSet counts it.
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "hookgate-store-drain")
        .containsEntry(StoreDrainJobBuilder.CLAIM, "store-hookgate-receiver-2");
    assertThat(job.getMetadata().getLabels()).isEqualTo(job.getSpec().getTemplate().getMetadata().getLabels());

    PodSpec pod = job.getSpec().getTemplate().getSpec();
    PodSpec receiverPod = receivers.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("OnFailure");
    assertThat(pod.getServiceAccountName()).isEqualTo(receiverPod.getServiceAccountName());
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext()).isEqualTo(receiverPod.getSecurityContext());
    Volume store = pod.getVolumes().stream().filter(volume -> volume.getName().equals("store")).findFirst()
        .orElseThrow();
    assertThat(store.getPersistentVolumeClaim().getClaimName()).isEqualTo("store-hookgate-receiver-2");
    assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactlyInAnyOrder("routes", "tmp", "store");

    Container drainer = pod.getContainers().get(0);
    Container receiver = receiverPod.getContainers().get(0);
    assertThat(drainer.getImage()).isEqualTo(receiver.getImage());
    assertThat(drainer.getSecurityContext()).isEqualTo(receiver.getSecurityContext());
    assertThat(drainer.getVolumeMounts()).isEqualTo(receiver.getVolumeMounts());
    assertThat(drainer.getEnv()).contains(new EnvVar("HOOKGATE_PEERS_DRAIN_AND_EXIT", "true", null))
        .containsAll(receiver.getEnv().stream()
            .filter(env -> !env.getName().equals("HOOKGATE_PEERS_DRAIN_ON_SHUTDOWN")).toList())
        .noneMatch(env -> env.getName().equals("HOOKGATE_PEERS_DRAIN_ON_SHUTDOWN"));
    assertThat(drainer.getReadinessProbe()).isNull();
    assertThat(drainer.getLivenessProbe()).isNull();
    // The StatefulSet itself is not changed by building from it.
    assertThat(receiver.getReadinessProbe()).isNotNull();
    assertThat(receiver.getEnv()).noneMatch(env -> env.getName().equals("HOOKGATE_PEERS_DRAIN_AND_EXIT"));
  }

  @Test
  void longClaimNamesGiveJobNamesKubernetesTakes() {
    String claim = "store-" + "a-very-long-statefulset-name-for-the-receivers-of-team-x" + "-12";
    String name = StoreDrainJobBuilder.jobName(claim);

    assertThat(name).hasSizeLessThanOrEqualTo(63).endsWith("-drain").startsWith("store-a-very-long");
    assertThat(StoreDrainJobBuilder.jobName(claim.replace("-12", "-13"))).isNotEqualTo(name);
  }

  @Test
  void aClaimThatIsNotOneOfTheStatefulSetsVolumesIsRefused() throws IOException {
    assertThatThrownBy(() -> StoreDrainJobBuilder.build(deployed(), "data-something-else-0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hookgate-receiver");
  }

  private static StatefulSet deployed() throws IOException {
    try (InputStream yaml = Files.newInputStream(STATEFULSET)) {
      StatefulSet statefulSet = Serialization.unmarshal(yaml, StatefulSet.class);
      statefulSet.getMetadata().setNamespace("hookgate-system");
      return statefulSet;
    }
  }
}
