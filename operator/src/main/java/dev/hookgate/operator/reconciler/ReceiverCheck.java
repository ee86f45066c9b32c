package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.receiver.ReceiverProgress;
import dev.hookgate.operator.receiver.ReceiverReports;

/**
 * Asks every receiver whether it serves the endpoint's route at its current generation, from the reports
 * {@link ReceiverReports} shares among all reconciles.
 */
public class ReceiverCheck {

  private final ReceiverReports reports;

  public ReceiverCheck(ReceiverReports reports) {
    this.reports = reports;
  }

  public ReceiverProgress progress(String slug, long generation) {
    return ReceiverProgress.of(slug, generation, reports.current());
  }

  /** The ReceiverConfigured condition for {@code progress}. Pure. */
  public static ConditionOutcome outcome(ReceiverProgress progress) {
    if (progress.answered() == 0) {
      return ConditionOutcome.failed(
          ConditionType.RECEIVER_CONFIGURED,
          ConditionReasons.NO_RECEIVERS,
          progress.listed() > 0
              ? "none of " + progress.listed() + " receivers answered on their status port"
              : progress.notReady() > 0
                  ? "none of " + progress.notReady() + " receiver pods is ready (a store that cannot take"
                      + " deliveries, a drain, starting or stopping: kubectl hookgate stores tells)"
                  : "no receiver pods found");
    }
    String counts = progress.serving() + "/" + progress.answered() + " receivers serve generation "
        + progress.generation();
    return progress.configured()
        ? ConditionOutcome.ok(ConditionType.RECEIVER_CONFIGURED, ConditionReasons.LOADED, counts)
        : ConditionOutcome.failed(ConditionType.RECEIVER_CONFIGURED, ConditionReasons.PENDING, counts + " yet");
  }
}
