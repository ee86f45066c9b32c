package dev.hookgate.operator.storedrain;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What to do about the volumes of a receiver StatefulSet that no pod uses any more. A StatefulSet scaled down keeps
 * the removed pods' claims; a pod that drained on shutdown left nothing on its volume, but one that was killed, or
 * ran out of time, left pending deliveries and dead letters there. Each such claim gets a Job that runs a receiver on
 * it to move them to the receivers that still run ({@link StoreDrainJobBuilder}); once the Job succeeded the claim is
 * labelled {@link #DRAINED} (and may be deleted by hand). A claim a pod uses again (a scale-up) loses its label, and
 * a Job still draining it is stopped. Nothing is drained while the StatefulSet has no replicas: there is nowhere to
 * move the deliveries to. Pure.
 */
public final class LeftBehindVolumes {

  /** Label of a claim whose Job moved everything off it: nothing on it is needed any more. */
  public static final String DRAINED = "hookgate.dev/store-drained";

  /** One thing to change. */
  public sealed interface Action {}

  /** Create the Job that drains {@code claim}. */
  public record StartDrain(String claim) implements Action {}

  /** {@code job} drained {@code claim}: label the claim, then delete the Job. */
  public record MarkDrained(String claim, String job) implements Action {}

  /** A pod uses {@code claim} again: it holds live data, so the drained label goes. */
  public record Unmark(String claim) implements Action {}

  /** Stop and delete {@code job}, for {@code why}. */
  public record DeleteJob(String job, String why) implements Action {}

  /** {@code job} gave up on {@code claim} (its pods' logs say why); deleting the Job makes a new one. */
  public record DrainFailed(String claim, String job) implements Action {}

  /**
   * The StatefulSet deletes the claims of the pods a scale-down removes ({@code persistentVolumeClaimRetentionPolicy
   * .whenScaled: Delete}): what a pod could not move on its way out goes with its volume before it can be drained.
   * Say so; nothing here can stop it.
   */
  public record VolumesDeletedOnScaleDown() implements Action {}

  private static final Set<String> PEERS = Set.of("HOOKGATE_PEERS_DNS", "HOOKGATE_PEERS_MEMBERS");

  private LeftBehindVolumes() {}

  /** Where a claim no pod uses stands. */
  public enum VolumeState {
    /** Nothing drains it: the StatefulSet has no replicas, or its receivers do not know each other. */
    WAITING,
    /** Its Job runs (or is being made). */
    DRAINING,
    /** Its Job gave up. */
    FAILED,
    /** Nothing on it is needed any more. */
    DRAINED
  }

  /**
   * What to change, and how many claims no pod uses stand where (every state present, zeros included).
   */
  public record Plan(List<Action> actions, Map<VolumeState, Integer> leftBehind) {}

  /**
   * @param statefulSet the receivers' StatefulSet
   * @param claims the claims in its namespace (those that are not its volumes are ignored)
   * @param podNames the names of the pods that exist in its namespace (a pod being stopped still holds its volume)
   * @param drainJobs the Jobs this operator made to drain claims ({@link StoreDrainJobBuilder#CLAIM} names theirs)
   */
  public static Plan plan(StatefulSet statefulSet, Collection<PersistentVolumeClaim> claims,
      Set<String> podNames, Collection<Job> drainJobs) {
    String name = statefulSet.getMetadata().getName();
    Integer specReplicas = statefulSet.getSpec().getReplicas();
    int replicas = specReplicas == null ? 1 : specReplicas;
    // A drain needs a running receiver to move the deliveries to, and a receiver that knows where the others are.
    String cannotDrain = replicas == 0 ? name + " has no replicas: there is no receiver to move the deliveries to"
        : receiversKnowEachOther(statefulSet) ? null
        : name + "'s receivers are not told where the others are (HOOKGATE_PEERS_DNS)";
    Map<String, Job> jobsByClaim = drainJobs.stream().collect(Collectors.toMap(
        job -> job.getMetadata().getLabels().get(StoreDrainJobBuilder.CLAIM), Function.identity(), (a, b) -> a));
    List<Action> actions = new ArrayList<>();
    if (deletesVolumesOnScaleDown(statefulSet)) {
      actions.add(new VolumesDeletedOnScaleDown());
    }
    Map<VolumeState, Integer> leftBehind = new EnumMap<>(VolumeState.class);
    for (VolumeState state : VolumeState.values()) {
      leftBehind.put(state, 0);
    }
    for (PersistentVolumeClaim claim : claims) {
      String claimName = claim.getMetadata().getName();
      Optional<VolumeOf> volume = volumeOf(statefulSet, claimName);
      if (volume.isEmpty()) {
        continue;
      }
      int ordinal = volume.get().ordinal();
      Job job = jobsByClaim.remove(claimName);
      String pod = name + "-" + ordinal;
      boolean drained = "true".equals(claim.getMetadata().getLabels() == null ? null
          : claim.getMetadata().getLabels().get(DRAINED));
      if (ordinal < replicas || podNames.contains(pod)) {
        if (job != null) {
          actions.add(new DeleteJob(job.getMetadata().getName(), "pod " + pod + " uses " + claimName + " again"));
        }
        if (drained) {
          actions.add(new Unmark(claimName));
        }
        continue;
      }
      VolumeState state;
      if (job == null) {
        state = drained ? VolumeState.DRAINED : cannotDrain == null ? VolumeState.DRAINING : VolumeState.WAITING;
        if (state == VolumeState.DRAINING) {
          actions.add(new StartDrain(claimName));
        }
      } else if (succeeded(job)) {
        state = VolumeState.DRAINED;
        actions.add(new MarkDrained(claimName, job.getMetadata().getName()));
      } else if (failed(job)) {
        state = VolumeState.FAILED;
        actions.add(new DrainFailed(claimName, job.getMetadata().getName()));
      } else if (cannotDrain != null) {
        state = VolumeState.WAITING;
        actions.add(new DeleteJob(job.getMetadata().getName(), cannotDrain));
      } else {
        state = VolumeState.DRAINING;
      }
      leftBehind.merge(state, 1, Integer::sum);
    }
    // Jobs whose claim was deleted: nothing left to drain.
    jobsByClaim.forEach((claim, job) -> actions.add(new DeleteJob(job.getMetadata().getName(),
        "its claim " + claim + " is gone")));
    return new Plan(actions, leftBehind);
  }

  /**
   * The counts once the StatefulSet is gone: its drain Jobs go with it (they are its dependents), so every volume
   * not drained waits.
   */
  public static Map<VolumeState, Integer> withoutStatefulSet(Map<VolumeState, Integer> leftBehind) {
    Map<VolumeState, Integer> waiting = new EnumMap<>(VolumeState.class);
    leftBehind.forEach((state, count) -> waiting.merge(
        state == VolumeState.DRAINED ? VolumeState.DRAINED : VolumeState.WAITING, count, Integer::sum));
    for (VolumeState state : VolumeState.values()) {
      waiting.putIfAbsent(state, 0);
    }
    return waiting;
  }

  static boolean deletesVolumesOnScaleDown(StatefulSet statefulSet) {
    return statefulSet.getSpec().getPersistentVolumeClaimRetentionPolicy() != null
        && "Delete".equals(statefulSet.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled());
  }

  /** Whether the receivers are told where the others are ({@code HOOKGATE_PEERS_DNS} or {@code _MEMBERS}). */
  static boolean receiversKnowEachOther(StatefulSet statefulSet) {
    return statefulSet.getSpec().getTemplate() != null && statefulSet.getSpec().getTemplate().getSpec() != null
        && statefulSet.getSpec().getTemplate().getSpec().getContainers().stream()
            .flatMap(container -> container.getEnv() == null ? Stream.empty() : container.getEnv().stream())
            .anyMatch(env -> PEERS.contains(env.getName()));
  }

  /** A claim the StatefulSet made: from its claim template {@code template}, for the pod of {@code ordinal}. */
  record VolumeOf(String template, int ordinal) {}

  /** Which template and pod {@code claimName} is the StatefulSet's volume of, if it is one of its volumes. */
  static Optional<VolumeOf> volumeOf(StatefulSet statefulSet, String claimName) {
    if (statefulSet.getSpec().getVolumeClaimTemplates() == null) {
      return Optional.empty();
    }
    for (PersistentVolumeClaim template : statefulSet.getSpec().getVolumeClaimTemplates()) {
      String prefix = template.getMetadata().getName() + "-" + statefulSet.getMetadata().getName() + "-";
      if (claimName.startsWith(prefix)) {
        String rest = claimName.substring(prefix.length());
        if (!rest.isEmpty() && rest.length() < 10 && rest.chars().allMatch(Character::isDigit)) {
          return Optional.of(new VolumeOf(template.getMetadata().getName(), Integer.parseInt(rest)));
        }
      }
    }
    return Optional.empty();
  }

  static boolean succeeded(Job job) {
    return hasCondition(job, "Complete");
  }

  static boolean failed(Job job) {
    return hasCondition(job, "Failed");
  }

  private static boolean hasCondition(Job job, String type) {
    return job.getStatus() != null && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(condition -> type.equals(condition.getType()) && "True".equals(condition.getStatus()));
  }
}
