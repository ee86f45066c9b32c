package dev.hookgate.operator.storedrain;

import dev.hookgate.operator.dependent.IngressBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Job that drains one claim a receiver StatefulSet left behind: the StatefulSet's own pod (same image, settings,
 * security context, routes) on that claim, told to move what the store holds to the running receivers and exit
 * ({@code HOOKGATE_PEERS_DRAIN_AND_EXIT}). Its labels are not the receivers', so no Service, PodDisruptionBudget or
 * StatefulSet counts it; it has no probes (it is never ready: it serves nothing). Owned by the StatefulSet. Pure.
 */
public final class StoreDrainJobBuilder {

  /** The value of app.kubernetes.io/name on drain Jobs and their pods (the receivers' NetworkPolicy admits them). */
  public static final String NAME = "hookgate-store-drain";
  /** Label of a drain Job: the claim it drains. */
  public static final String CLAIM = "hookgate.dev/claim";
  static final String DRAIN_AND_EXIT = "HOOKGATE_PEERS_DRAIN_AND_EXIT";
  private static final String DRAIN_ON_SHUTDOWN = "HOOKGATE_PEERS_DRAIN_ON_SHUTDOWN";
  /** A crashed drain is tried again in a new pod this often before the Job fails. */
  static final int BACKOFF_LIMIT = 6;
  private static final int MAX_NAME = 63;
  private static final String JOB_SUFFIX = "-drain";

  private StoreDrainJobBuilder() {}

  public static Job build(StatefulSet statefulSet, String claim) {
    String volume = LeftBehindVolumes.volumeOf(statefulSet, claim)
        .orElseThrow(() -> new IllegalArgumentException(claim + " is not a volume of " + statefulSet.getMetadata()
            .getName()))
        .template();
    Map<String, String> labels = Map.of(
        "app.kubernetes.io/name", NAME,
        "app.kubernetes.io/part-of", "hookgate",
        CLAIM, claim);
    PodTemplateSpec receiverPod = statefulSet.getSpec().getTemplate();
    PodSpec spec = new PodTemplateSpecBuilder(receiverPod).build().getSpec();
    List<Volume> volumes = new ArrayList<>(spec.getVolumes() == null ? List.of() : spec.getVolumes());
    volumes.removeIf(existing -> volume.equals(existing.getName()));
    volumes.add(new VolumeBuilder().withName(volume).withNewPersistentVolumeClaim().withClaimName(claim)
        .endPersistentVolumeClaim().build());
    spec.setVolumes(volumes);
    spec.setContainers(spec.getContainers().stream().map(StoreDrainJobBuilder::drainer).toList());
    spec.setRestartPolicy("OnFailure");
    spec.setHostname(null);
    spec.setSubdomain(null);
    return new JobBuilder()
        .withNewMetadata()
        .withName(jobName(claim))
        .withNamespace(statefulSet.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion("apps/v1")
            .withKind("StatefulSet")
            .withName(statefulSet.getMetadata().getName())
            .withUid(statefulSet.getMetadata().getUid())
            .build())
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(BACKOFF_LIMIT)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withSpec(spec)
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container drainer(Container receiver) {
    List<EnvVar> env = new ArrayList<>(receiver.getEnv() == null ? List.of() : receiver.getEnv());
    // Stopped (a scale-up wants the volume back), it exits at once: the pod taking the volume delivers the rest.
    env.removeIf(variable -> DRAIN_AND_EXIT.equals(variable.getName())
        || DRAIN_ON_SHUTDOWN.equals(variable.getName()));
    env.add(new EnvVar(DRAIN_AND_EXIT, "true", null));
    return new ContainerBuilder(receiver)
        .withEnv(env)
        .withReadinessProbe(null)
        .withLivenessProbe(null)
        .withStartupProbe(null)
        .build();
  }

  /** {@code <claim>-drain}, the claim's name shortened with a hash of it where that would pass 63 characters. */
  static String jobName(String claim) {
    return IngressBuilder.shortened(claim, claim, MAX_NAME - JOB_SUFFIX.length()) + JOB_SUFFIX;
  }
}
