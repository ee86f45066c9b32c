package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.receiver.ReceiverFleet;
import dev.hookgate.operator.receiver.ReceiverProgress;
import dev.hookgate.operator.receiver.ReceiverStatusClient;
import java.net.URI;
import java.util.List;

/** Asks every receiver whether it serves the endpoint's route at its current generation. */
public class ReceiverCheck {

  private final ReceiverFleet fleet;
  private final ReceiverStatusClient statusClient;

  public ReceiverCheck(ReceiverFleet fleet, ReceiverStatusClient statusClient) {
    this.fleet = fleet;
    this.statusClient = statusClient;
  }

  public ReceiverProgress progress(String slug, long generation) {
    List<URI> receivers = fleet.receivers();
    return ReceiverProgress.of(slug, generation, statusClient.fetchAll(receivers));
  }

  /** The ReceiverConfigured condition for {@code progress}. Pure. */
  public static ConditionOutcome outcome(ReceiverProgress progress) {
    if (progress.answered() == 0) {
      return ConditionOutcome.failed(
          ConditionType.RECEIVER_CONFIGURED,
          ConditionReasons.NO_RECEIVERS,
          progress.listed() == 0
              ? "no receiver pods found"
              : "none of " + progress.listed() + " receivers answered on their status port");
    }
    String counts = progress.serving() + "/" + progress.answered() + " receivers serve generation "
        + progress.generation();
    return progress.configured()
        ? ConditionOutcome.ok(ConditionType.RECEIVER_CONFIGURED, ConditionReasons.LOADED, counts)
        : ConditionOutcome.failed(ConditionType.RECEIVER_CONFIGURED, ConditionReasons.PENDING, counts + " yet");
  }
}
