package dev.hookgate.operator.receiver;

import dev.hookgate.routing.ReceiverStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events on a receiver pod when its store stops or starts taking deliveries ({@link ReceiverStatus#storeProblem}),
 * so that {@code kubectl describe pod} tells why the pod is not ready (its readiness probe only says 503). One
 * Event per change, from the reports the operator fetches anyway. Thread-safe.
 */
public final class ReceiverStoreEvents {

  public static final String NOT_TAKING = "StoreNotTakingDeliveries";
  public static final String TAKING = "StoreTakingDeliveries";

  private static final Logger LOG = LoggerFactory.getLogger(ReceiverStoreEvents.class);

  /** Records one Event: the object, type, reason and message. */
  @FunctionalInterface
  public interface Recorder {
    void record(HasMetadata object, String type, String reason, String message);
  }

  private final ReceiverFleet fleet;
  private final Recorder recorder;
  /** The last problem each receiver reported (absent: none). */
  private final Map<URI, String> problems = new HashMap<>();

  public ReceiverStoreEvents(ReceiverFleet fleet, Recorder recorder) {
    this.fleet = fleet;
    this.recorder = recorder;
  }

  /** What one fetch found: {@code reports} in the order of {@code receivers}. */
  public synchronized void observe(List<URI> receivers, List<Optional<ReceiverStatus>> reports) {
    problems.keySet().retainAll(receivers);
    for (int i = 0; i < receivers.size(); i++) {
      if (reports.get(i).isEmpty()) {
        continue; // no answer: nothing known about its store
      }
      URI receiver = receivers.get(i);
      String now = reports.get(i).get().storeProblem();
      String before = problems.get(receiver);
      if (Objects.equals(now, before)) {
        continue;
      }
      if (now == null) {
        problems.remove(receiver);
        say(receiver, "Normal", TAKING, "the store takes deliveries again");
      } else {
        problems.put(receiver, now);
        say(receiver, "Warning", NOT_TAKING, "not ready, takes no deliveries: " + now);
      }
    }
  }

  private void say(URI receiver, String type, String reason, String message) {
    LOG.info("Receiver {}: {}", fleet.describe(receiver), message);
    fleet.pod(receiver).ifPresent(pod -> recorder.record(podObject(pod), type, reason, message));
  }

  private static Pod podObject(ReceiverFleet.PodRef pod) {
    return new PodBuilder().withNewMetadata().withNamespace(pod.namespace()).withName(pod.name())
        .withUid(pod.uid()).endMetadata().build();
  }
}
