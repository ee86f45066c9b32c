package dev.hookgate.operator.storedrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.storedrain.LeftBehindVolumes.DeleteJob;
import dev.hookgate.operator.storedrain.LeftBehindVolumes.DrainFailed;
import dev.hookgate.operator.storedrain.LeftBehindVolumes.MarkDrained;
import dev.hookgate.operator.storedrain.LeftBehindVolumes.StartDrain;
import dev.hookgate.operator.storedrain.LeftBehindVolumes.Unmark;
import dev.hookgate.operator.storedrain.LeftBehindVolumes.VolumeState;
import dev.hookgate.operator.storedrain.LeftBehindVolumes.VolumesDeletedOnScaleDown;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeftBehindVolumesTest {

  @Test
  void aClaimBeyondTheReplicasThatNoPodUsesIsDrained() {
    LeftBehindVolumes.Plan plan = LeftBehindVolumes.plan(receivers(2),
        List.of(claim("store-hookgate-receiver-0"), claim("store-hookgate-receiver-1"),
            claim("store-hookgate-receiver-2"), claim("store-hookgate-receiver-3")),
        Set.of("hookgate-receiver-0", "hookgate-receiver-1"), List.of());

    assertThat(plan.actions()).containsExactly(new StartDrain("store-hookgate-receiver-2"),
        new StartDrain("store-hookgate-receiver-3"));
  }

  @Test
  void aPodStillStoppingKeepsItsVolume() {
    // A scale-down's pod drains on shutdown for up to 40 s; its volume is not left behind until the pod is gone.
    assertThat(LeftBehindVolumes.plan(receivers(1), List.of(claim("store-hookgate-receiver-1")),
        Set.of("hookgate-receiver-0", "hookgate-receiver-1"), List.of()).actions()).isEmpty();
  }

  @Test
  void claimsOfOtherStatefulSetsOrTemplatesAreNotTouched() {
    assertThat(LeftBehindVolumes.plan(receivers(1), List.of(claim("store-hookgate-receiver-x"),
        claim("store-other-5"), claim("data-hookgate-receiver-5"), claim("store-hookgate-receiver-"),
        claim("store-hookgate-receiver-internal-3")), Set.of(), List.of()).actions()).isEmpty();
  }

  @Test
  void aSucceededJobMarksItsClaimDrainedAndADrainedClaimGetsNoNewJob() {
    assertThat(LeftBehindVolumes.plan(receivers(1), List.of(claim("store-hookgate-receiver-1")), Set.of(),
        List.of(job("store-hookgate-receiver-1", "Complete"))).actions())
        .containsExactly(new MarkDrained("store-hookgate-receiver-1", "store-hookgate-receiver-1-drain"));

    assertThat(LeftBehindVolumes.plan(receivers(1), List.of(drained("store-hookgate-receiver-1")), Set.of(),
        List.of()).actions()).isEmpty();
  }

  @Test
  void aRunningJobIsLeftAloneAndAFailedOneIsReported() {
    assertThat(LeftBehindVolumes.plan(receivers(1), List.of(claim("store-hookgate-receiver-1")), Set.of(),
        List.of(job("store-hookgate-receiver-1", null))).actions()).isEmpty();
    assertThat(LeftBehindVolumes.plan(receivers(1), List.of(claim("store-hookgate-receiver-1")), Set.of(),
        List.of(job("store-hookgate-receiver-1", "Failed"))).actions())
        .containsExactly(new DrainFailed("store-hookgate-receiver-1", "store-hookgate-receiver-1-drain"));
  }

  @Test
  void aScaleUpStopsTheDrainOfTheVolumeItUsesAgainAndUnmarksADrainedOne() {
    LeftBehindVolumes.Plan plan = LeftBehindVolumes.plan(receivers(3),
        List.of(claim("store-hookgate-receiver-1"), drained("store-hookgate-receiver-2")), Set.of(),
        List.of(job("store-hookgate-receiver-1", null)));

    assertThat(plan.actions()).containsExactly(
        new DeleteJob("store-hookgate-receiver-1-drain",
            "pod hookgate-receiver-1 uses store-hookgate-receiver-1 again"),
        new Unmark("store-hookgate-receiver-2"));
  }

  @Test
  void withNoReplicasThereIsNowhereToMoveDeliveriesSoNothingDrains() {
    assertThat(LeftBehindVolumes.plan(receivers(0), List.of(claim("store-hookgate-receiver-0")), Set.of(),
        List.of()).actions()).isEmpty();
    assertThat(LeftBehindVolumes.plan(receivers(0), List.of(claim("store-hookgate-receiver-0")), Set.of(),
        List.of(job("store-hookgate-receiver-0", null))).actions())
        .containsExactly(new DeleteJob("store-hookgate-receiver-0-drain",
            "hookgate-receiver has no replicas: there is no receiver to move the deliveries to"));
  }

  @Test
  void aJobWhoseClaimWasDeletedGoes() {
    assertThat(LeftBehindVolumes.plan(receivers(1), List.of(), Set.of(),
        List.of(job("store-hookgate-receiver-4", null))).actions())
        .containsExactly(new DeleteJob("store-hookgate-receiver-4-drain",
            "its claim store-hookgate-receiver-4 is gone"));
  }

  @Test
  void receiversThatDoNotKnowEachOtherHaveNowhereToMoveDeliveriesSoNothingDrains() {
    StatefulSet alone = receivers(1);
    alone.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(List.of());

    assertThat(LeftBehindVolumes.plan(alone, List.of(claim("store-hookgate-receiver-1")), Set.of(), List.of()).actions())
        .isEmpty();
  }

  @Test
  void theClaimsNoPodUsesAreCountedByWhereTheyStand() {
    List<PersistentVolumeClaim> claims = List.of(claim("store-hookgate-receiver-0"),
        claim("store-hookgate-receiver-1"), claim("store-hookgate-receiver-2"),
        drained("store-hookgate-receiver-3"), claim("store-hookgate-receiver-4"));
    List<Job> jobs = List.of(job("store-hookgate-receiver-1", null), job("store-hookgate-receiver-2", "Failed"));

    assertThat(LeftBehindVolumes.plan(receivers(1), claims, Set.of(), jobs).leftBehind()).isEqualTo(Map.of(
        VolumeState.WAITING, 0, VolumeState.DRAINING, 2, VolumeState.FAILED, 1, VolumeState.DRAINED, 1));
    // Nowhere to move deliveries to: the claims wait, and the running Job is stopped.
    assertThat(LeftBehindVolumes.plan(receivers(0), claims, Set.of(), jobs).leftBehind()).isEqualTo(Map.of(
        VolumeState.WAITING, 3, VolumeState.DRAINING, 0, VolumeState.FAILED, 1, VolumeState.DRAINED, 1));
  }

  @Test
  void aStatefulSetThatDeletesTheClaimsOfRemovedPodsIsReported() {
    StatefulSet deleting = new StatefulSetBuilder(receivers(1)).editSpec()
        .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted("Retain").withWhenScaled("Delete")
        .endPersistentVolumeClaimRetentionPolicy().endSpec().build();
    assertThat(LeftBehindVolumes.plan(deleting, List.of(claim("store-hookgate-receiver-1")), Set.of(), List.of())
        .actions()).containsExactly(new VolumesDeletedOnScaleDown(), new StartDrain("store-hookgate-receiver-1"));

    StatefulSet retaining = new StatefulSetBuilder(receivers(1)).editSpec()
        .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted("Delete").withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy().endSpec().build();
    assertThat(LeftBehindVolumes.plan(retaining, List.of(), Set.of(), List.of()).actions()).isEmpty();
    assertThat(LeftBehindVolumes.plan(receivers(1), List.of(), Set.of(), List.of()).actions()).isEmpty();
  }

  @Test
  void withoutItsStatefulSetEveryVolumeNotDrainedWaits() {
    assertThat(LeftBehindVolumes.withoutStatefulSet(Map.of(VolumeState.WAITING, 1, VolumeState.DRAINING, 2,
        VolumeState.FAILED, 1, VolumeState.DRAINED, 3))).isEqualTo(Map.of(VolumeState.WAITING, 4,
        VolumeState.DRAINING, 0, VolumeState.FAILED, 0, VolumeState.DRAINED, 3));
  }

  static StatefulSet receivers(int replicas) {
    return new StatefulSetBuilder()
        .withNewMetadata().withName("hookgate-receiver").withNamespace("hookgate-system").endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewTemplate().withNewSpec().addNewContainer().withName("receiver")
        .addNewEnv().withName("HOOKGATE_PEERS_DNS").withValue("hookgate-receiver-internal").endEnv()
        .endContainer().endSpec().endTemplate()
        .addNewVolumeClaimTemplate().withNewMetadata().withName("store").endMetadata().endVolumeClaimTemplate()
        .endSpec()
        .build();
  }

  private static PersistentVolumeClaim claim(String name) {
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  private static PersistentVolumeClaim drained(String name) {
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name)
        .withLabels(Map.of(LeftBehindVolumes.DRAINED, "true")).endMetadata().build();
  }

  private static Job job(String claim, String condition) {
    JobBuilder job = new JobBuilder().withNewMetadata().withName(claim + "-drain")
        .withLabels(Map.of(StoreDrainJobBuilder.CLAIM, claim)).endMetadata();
    if (condition != null) {
      job.withNewStatus().addNewCondition().withType(condition).withStatus("True").endCondition().endStatus();
    }
    return job.build();
  }
}
