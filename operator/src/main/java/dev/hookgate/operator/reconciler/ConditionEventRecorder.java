package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.ConditionReasons;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.Objects;
import java.util.List;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.api.WebhookEndpointStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a core/v1 Event on the endpoint for each condition transition (Normal when it became True, Warning when
 * False), and a Warning {@value #DEAD_LETTERING} when the endpoint's dead letters go from none to some. Messages
 * come from conditions and delivery errors, which never hold secret values.
 *
 * <p>Best effort and off the reconcile path, like client-go's event recorder: Events are created by two background
 * threads from a bounded queue; a full queue drops the Event (counted in a log line) and a failure is logged. The
 * scale benchmark found reconcile threads mostly waiting on Event creation when a thousand endpoints came up.
 */
public class ConditionEventRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConditionEventRecorder.class);
  public static final String COMPONENT = "hookgate-operator";
  /** The reason of the Normal Event for conditions that became True while the endpoint is not Ready yet. */
  public static final String PROGRESSING = "Progressing";
  public static final String DEAD_LETTERING = "DeadLettering";

  private final KubernetesClient client;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private static final AtomicLong SENDER_NUMBER = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final ThreadPoolExecutor sender = new ThreadPoolExecutor(SENDERS, SENDERS, 0, TimeUnit.MILLISECONDS,
      new ArrayBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
        Thread thread = new Thread(runnable, "hookgate-events-" + SENDER_NUMBER.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      }, (runnable, executor) -> {
        if (dropped.incrementAndGet() % QUEUE_CAPACITY == 1) {
          LOG.warn("Event queue full: {} Event(s) dropped so far", dropped.get());
        }
      });
  /** With 1,000 endpoints coming up at once one sender dropped 4,000 Events (8 each then; 2 each now). */
  static final int SENDERS = 2;
  static final int QUEUE_CAPACITY = 10_000;

  public ConditionEventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * The Events of one reconcile's transitions, kept few (a thousand endpoints coming up must not mean thousands of
   * Events): one Warning per condition that became False, except while receivers are still loading a change
   * (Pending) and except Ready when it only repeats another condition's failure; and at most one Normal Event:
   * Ready when it became True, else one Progressing Event naming what became True (not on a new endpoint's first
   * reconcile: a new endpoint's Normal Event is its Ready; the scale benchmark reached all-Ready about 4 s sooner
   * for 1,000 new endpoints without those 1,000 writes). And a Warning when the
   * endpoint starts dead-lettering (its dead letters go from none to some).
   */
  public void record(WebhookEndpoint endpoint, WebhookEndpointStatus prior, WebhookEndpointStatus next) {
    List<Condition> changed = WebhookEndpointStatusFactory.transitions(prior, next);
    List<Condition> failures = changed.stream()
        .filter(c -> ConditionOutcome.FALSE.equals(c.getStatus()))
        .filter(c -> !ConditionReasons.PENDING.equals(c.getReason()))
        .toList();
    for (Condition failure : failures) {
      boolean repeatsAnother = ConditionType.READY.value().equals(failure.getType()) && failures.stream()
          .anyMatch(other -> other != failure && Objects.equals(other.getReason(), failure.getReason()));
      if (!repeatsAnother) {
        send(event(endpoint, "Warning", failure.getReason(), describe(failure)));
      }
    }
    List<Condition> successes = changed.stream().filter(c -> ConditionOutcome.TRUE.equals(c.getStatus())).toList();
    Optional<Condition> ready = successes.stream()
        .filter(c -> ConditionType.READY.value().equals(c.getType())).findFirst();
    if (ready.isPresent()) {
      send(event(endpoint, "Normal", ready.get().getReason(), describe(ready.get())));
    } else if (!successes.isEmpty() && prior != null && prior.getSlug() != null) {
      send(event(endpoint, "Normal", PROGRESSING,
          successes.stream().map(ConditionEventRecorder::describe).collect(Collectors.joining("; "))));
    }
    long deadBefore = deadLettered(prior);
    long deadNow = deadLettered(next);
    if (deadBefore == 0 && deadNow > 0) {
      String lastError = next.getDeliveries().getLastError();
      send(event(endpoint, "Warning", DEAD_LETTERING, deadNow + " delivery(ies) given up on and kept as"
          + " dead letters" + (lastError == null ? "" : " (last error: " + lastError + ")")
          + "; once the target is fixed, replay them: set the annotation " + WebhookEndpoint.REPLAY
          + " to a new value"));
    }
  }

  private static String describe(Condition condition) {
    return condition.getType() + "=" + condition.getStatus() + ": " + condition.getMessage();
  }

  private void send(Event event) {
    sender.execute(() -> create(event));
  }

  /**
   * An Event that is not a condition transition (a change made at the provider, a receiver volume drained), on any
   * object; best effort like the others.
   */
  public void recordEvent(HasMetadata object, String type, String reason, String message) {
    send(event(object, type, reason, message));
  }

  private static long deadLettered(WebhookEndpointStatus status) {
    return status == null || status.getDeliveries() == null || status.getDeliveries().getDeadLettered() == null
        ? 0 : status.getDeliveries().getDeadLettered();
  }

  private void create(Event event) {
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("Could not record an event on {}/{}: {}", event.getMetadata().getNamespace(),
          event.getInvolvedObject().getName(), e.getMessage());
    }
  }

  /** Sends what is queued (for up to five seconds), then stops. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  Event event(HasMetadata object, String type, String reason, String message) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String name = object.getMetadata().getName() + "."
        + Long.toHexString(clock.millis()) + Long.toHexString(sequence.incrementAndGet());
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(object.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(object.getApiVersion())
        .withKind(object.getKind())
        .withName(object.getMetadata().getName())
        .withNamespace(object.getMetadata().getNamespace())
        .withUid(object.getMetadata().getUid())
        .withResourceVersion(object.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(COMPONENT)
        .build();
  }
}
