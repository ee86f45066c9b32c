package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ReplayStatus;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.receiver.ReceiverFleet;
import dev.hookgate.operator.receiver.ReceiverReplayClient;
import dev.hookgate.operator.receiver.ReceiverReplayClient.Answer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link ReplayRequest}: every receiver puts the endpoint's dead letters back into its queue (each
 * receiver pod has its own store, so asking one pod would replay only its share), the ones that are not ready
 * included when they answer. Done once per request; the
 * outcome goes into {@code status.replay} and an Event. When no receiver answers, it is tried again every few
 * seconds; when some do and others do not, it is done, and the status and a Warning name the ones that did not.
 */
public class ReplayStep {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayStep.class);
  public static final String REPLAYED = "Replayed";
  public static final String REPLAY_FAILED = "ReplayFailed";

  private final ReceiverFleet fleet;
  private final ReceiverReplayClient client;
  private final ConditionEventRecorder events;
  private final Clock clock;

  public ReplayStep(ReceiverFleet fleet, ReceiverReplayClient client, ConditionEventRecorder events, Clock clock) {
    this.fleet = fleet;
    this.client = client;
    this.events = events;
    this.clock = clock;
  }

  /**
   * @param status what {@code status.replay} is to hold
   * @param recheckAfter when to come back; null when nothing is left to do
   */
  public record Outcome(ReplayStatus status, Duration recheckAfter) {}

  public Outcome handle(WebhookEndpoint endpoint, ReplayStatus prior) {
    Optional<ReplayRequest> asked = ReplayRequest.of(endpoint);
    if (asked.isEmpty() || asked.get().doneIn(prior)) {
      return new Outcome(prior, null);
    }
    ReplayRequest request = asked.get();
    ReplayStatus next = new ReplayStatus(request.token(), request.since());
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    Instant since;
    try {
      since = request.sinceInstant();
    } catch (DateTimeParseException e) {
      next.setMessage(WebhookEndpoint.REPLAY_SINCE + " is not an RFC 3339 time (" + request.since()
          + "), e.g. 2026-01-01T00:00:00Z: nothing was replayed");
      next.setTime(now);
      events.recordEvent(endpoint, "Warning", REPLAY_FAILED, next.getMessage());
      return new Outcome(next, null);
    }
    String name = endpoint.getMetadata().getNamespace() + "/" + endpoint.getMetadata().getName();
    List<URI> receivers = fleet.receivers();
    List<URI> everyReceiver = new ArrayList<>(receivers);
    everyReceiver.addAll(fleet.notReady());
    List<Answer> all = client.replay(everyReceiver, name, since);
    List<Answer> answers = new ArrayList<>(all.subList(0, receivers.size()));
    // Receivers that are not ready may hold dead letters too (a full store); one that does not answer is starting or
    // stopping, and is not counted as a failure.
    all.subList(receivers.size(), all.size()).stream().filter(Answer::answered).forEach(answers::add);
    List<Answer> failed = answers.stream().filter(answer -> !answer.answered()).toList();
    String failures = failed.stream().map(answer -> fleet.describe(answer.receiver()) + " " + answer.failure())
        .collect(Collectors.joining(", "));
    if (failed.size() == answers.size()) {
      next.setReceivers(0);
      next.setMessage((receivers.isEmpty() ? "no receiver pods found" : "no receiver answered: " + failures)
          + "; retrying");
      boolean firstTry = prior == null || !request.token().equals(prior.getRequested());
      if (firstTry) {
        events.recordEvent(endpoint, "Warning", REPLAY_FAILED, next.getMessage());
      }
      return new Outcome(next, PendingRecheck.MAX); // as receivers still loading a route
    }
    long replayed = answers.stream().filter(Answer::answered).mapToLong(Answer::replayed).sum();
    int answered = answers.size() - failed.size();
    next.setReplayed(replayed);
    next.setReceivers(answered);
    next.setTime(now);
    String what = "Replayed " + replayed + " dead letter(s)" + (since == null ? "" : " received since " + since)
        + " on " + answered + " receiver(s)";
    LOG.info("WebhookEndpoint {}: {}", name, what);
    if (failed.isEmpty()) {
      events.recordEvent(endpoint, "Normal", REPLAYED, what);
    } else {
      next.setMessage(failed.size() + " of " + answers.size() + " receivers did not replay: " + failures
          + "; set " + WebhookEndpoint.REPLAY + " to a new value to ask again");
      events.recordEvent(endpoint, "Warning", REPLAY_FAILED, what + "; " + next.getMessage());
    }
    // Looked at again soon, so status.deliveries shows the replayed ones leave the dead letters before the resync.
    return new Outcome(next, replayed > 0 ? PendingRecheck.MAX : null);
  }
}
