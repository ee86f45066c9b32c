package dev.hookgate.operator.storedrain;

import dev.hookgate.operator.reconciler.ConditionEventRecorder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the receivers' StatefulSet, its claims, its pods and the drain Jobs, and carries out
 * {@link LeftBehindVolumes}'s plan: a Job per claim left behind with something on it, a label once it is drained.
 * Runs only where the operator reconciles (the Lease holder, with leader election).
 */
// On all events, its deletion included (no finalizer on the StatefulSet): the metric must not keep counting its
// volumes as draining once it is gone.
@ControllerConfiguration(name = StoreDrainReconciler.NAME, generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
public class StoreDrainReconciler implements Reconciler<StatefulSet>, MeterBinder {

  public static final String NAME = "receiver-store-drain";
  /** Looked at again this often even when nothing changed (the informers' events are the usual trigger). */
  static final Duration RESYNC = Duration.ofMinutes(5);
  /** StatefulSets label their pods with it; only those pods are watched. */
  private static final String STATEFULSET_POD = "statefulset.kubernetes.io/pod-name";

  private static final Logger LOG = LoggerFactory.getLogger(StoreDrainReconciler.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String statefulSetName;
  private final ConditionEventRecorder events;
  /** Failed drain Jobs and StatefulSet generations already warned about (one Warning each per operator process). */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /** The claims no pod uses, by state, as of the last reconcile: {@link #bindTo}'s gauge. */
  private volatile Map<LeftBehindVolumes.VolumeState, Integer> leftBehind = Map.of();

  public StoreDrainReconciler(KubernetesClient client, String namespace, String statefulSetName,
      ConditionEventRecorder events) {
    this.client = client;
    this.namespace = namespace;
    this.statefulSetName = statefulSetName;
    this.events = events;
  }

  @Override
  public List<EventSource<?, StatefulSet>> prepareEventSources(EventSourceContext<StatefulSet> context) {
    return List.of(
        watch(context, PersistentVolumeClaim.class, null),
        watch(context, Pod.class, STATEFULSET_POD),
        watch(context, Job.class, "app.kubernetes.io/name=" + StoreDrainJobBuilder.NAME));
  }

  /** Every change of a {@code type} in the receivers' namespace looks at the StatefulSet again. */
  private <R extends HasMetadata> InformerEventSource<R, StatefulSet> watch(
      EventSourceContext<StatefulSet> context, Class<R> type, String labelSelector) {
    ResourceID statefulSet = new ResourceID(statefulSetName, namespace);
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, StatefulSet.class)
            .withNamespaces(Set.of(namespace))
            .withLabelSelector(labelSelector)
            .withSecondaryToPrimaryMapper(resource -> Set.of(statefulSet))
            .build(),
        context);
  }

  @Override
  public UpdateControl<StatefulSet> reconcile(StatefulSet statefulSet, Context<StatefulSet> context) {
    if (!statefulSetName.equals(statefulSet.getMetadata().getName())) {
      return UpdateControl.noUpdate();
    }
    Set<String> pods = context.getSecondaryResources(Pod.class).stream()
        .map(pod -> pod.getMetadata().getName())
        .collect(Collectors.toSet());
    LeftBehindVolumes.Plan plan = LeftBehindVolumes.plan(statefulSet,
        context.getSecondaryResources(PersistentVolumeClaim.class), pods, context.getSecondaryResources(Job.class));
    if (context.isPrimaryResourceDeleted()) {
      leftBehind = LeftBehindVolumes.withoutStatefulSet(plan.leftBehind());
      LOG.info("{}/{} is gone: its volumes left behind wait, with nothing to drain them", namespace, statefulSetName);
      return UpdateControl.noUpdate();
    }
    leftBehind = plan.leftBehind();
    for (LeftBehindVolumes.Action action : plan.actions()) {
      carryOut(statefulSet, action);
    }
    return UpdateControl.<StatefulSet>noUpdate().rescheduleAfter(RESYNC);
  }

  private void carryOut(StatefulSet statefulSet, LeftBehindVolumes.Action action) {
    if (action instanceof LeftBehindVolumes.StartDrain start) {
      startDrain(statefulSet, start.claim());
    } else if (action instanceof LeftBehindVolumes.MarkDrained drained) {
      labelClaim(drained.claim(), "true");
      deleteJob(drained.job());
      say(statefulSet, "Normal", "VolumeDrained", "Job " + drained.job() + " moved everything off the volume "
          + drained.claim() + " to the running receivers; it is labelled " + LeftBehindVolumes.DRAINED
          + "=true and may be deleted");
    } else if (action instanceof LeftBehindVolumes.Unmark unmark) {
      labelClaim(unmark.claim(), null);
    } else if (action instanceof LeftBehindVolumes.DeleteJob delete) {
      deleteJob(delete.job());
      say(statefulSet, "Normal", "VolumeDrainStopped", "Stopped Job " + delete.job() + ": " + delete.why());
    } else if (action instanceof LeftBehindVolumes.VolumesDeletedOnScaleDown
        && reported.add(statefulSet.getMetadata().getUid() + "/" + statefulSet.getMetadata().getGeneration())) {
      say(statefulSet, "Warning", "VolumesDeletedOnScaleDown", "persistentVolumeClaimRetentionPolicy.whenScaled is"
          + " Delete: a scale-down deletes a receiver's volume with what its pod could not move on its way out (a pod"
          + " killed, a drain out of time), and those acknowledged deliveries are lost. Set it to Retain: the"
          + " operator drains such volumes and labels them " + LeftBehindVolumes.DRAINED + "=true for you to delete");
    } else if (action instanceof LeftBehindVolumes.DrainFailed failed && reported.add(failed.job())) {
      say(statefulSet, "Warning", "VolumeDrainFailed", "Job " + failed.job() + " could not drain the volume "
          + failed.claim() + " (see its pods' logs); what it holds stays on it. Delete the Job to try again");
    }
  }

  private void startDrain(StatefulSet statefulSet, String claim) {
    Job job = StoreDrainJobBuilder.build(statefulSet, claim);
    try {
      client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return; // made by an earlier reconcile the informer has not shown yet
      }
      throw e;
    }
    say(statefulSet, "Normal", "DrainingVolume", "No pod uses the volume " + claim + " any more; Job "
        + job.getMetadata().getName() + " moves the deliveries and dedup keys on it to the running receivers");
  }

  /**
   * {@code hookgate_operator_receiver_volumes_left_behind{state="waiting|draining|failed|drained"}}: the claims of the
   * receivers' StatefulSet that no pod uses. Deliveries wait on the waiting, draining and failed ones.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    for (LeftBehindVolumes.VolumeState state : LeftBehindVolumes.VolumeState.values()) {
      Gauge.builder("hookgate.operator.receiver.volumes.left.behind", this,
              reconciler -> reconciler.leftBehind.getOrDefault(state, 0))
          .description("Claims of the receivers' StatefulSet that no pod uses, by where their drain stands")
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
  }

  /** Sets the drained label to {@code value}, or removes it (null). */
  private void labelClaim(String claim, String value) {
    String patch = "{\"metadata\":{\"labels\":{\"" + LeftBehindVolumes.DRAINED + "\":"
        + (value == null ? "null" : "\"" + value + "\"") + "}}}";
    client.persistentVolumeClaims().inNamespace(namespace).withName(claim)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private void deleteJob(String job) {
    // Background: the Job's pods go with it.
    client.batch().v1().jobs().inNamespace(namespace).withName(job)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
  }

  private void say(StatefulSet statefulSet, String type, String reason, String message) {
    LOG.info("{}/{}: {}", namespace, statefulSetName, message);
    events.recordEvent(statefulSet, type, reason, message);
  }
}
