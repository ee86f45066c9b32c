package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.WebhookEndpointStatus;
import dev.hookgate.operator.receiver.DeliveryTotals;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns an {@link Observation} and the prior status into the next status. Pure apart from the injected
 * {@link Clock}: a condition keeps its lastTransitionTime while its status, reason and message stay the same.
 */
public class WebhookEndpointStatusFactory {

  private final Clock clock;

  public WebhookEndpointStatusFactory(Clock clock) {
    this.clock = clock;
  }

  public WebhookEndpointStatus status(WebhookEndpointStatus prior, long generation, Observation observation) {
    WebhookEndpointStatus status = new WebhookEndpointStatus();
    status.setSlug(observation.slug());
    status.setUrl(observation.url());
    status.setObservedGeneration(generation);
    List<ConditionOutcome> outcomes =
        List.of(
            ready(observation),
            observation.secretResolved(),
            observation.ingressReady(),
            observation.receiverConfigured(),
            observation.providerRegistered());
    List<Condition> conditions = new ArrayList<>();
    for (ConditionOutcome outcome : outcomes) {
      conditions.add(condition(outcome, generation, prior));
    }
    status.setConditions(conditions);
    Instant last = latest(priorLastEventTime(prior), observation.lastEventTime());
    DeliveryTotals totals = observation.deliveries();
    if (last != null || totals != null) {
      WebhookEndpointStatus.Deliveries deliveries =
          new WebhookEndpointStatus.Deliveries(last == null ? null : last.toString());
      if (totals != null) {
        deliveries.setReceived(totals.received());
        deliveries.setDelivered(totals.delivered());
        deliveries.setPending(totals.pending());
        deliveries.setDeadLettered(totals.deadLettered());
        deliveries.setLastError(totals.stoppedReason() != null ? totals.stoppedReason() : totals.lastError());
      }
      status.setDeliveries(deliveries);
    }
    return status;
  }

  /** Ready=True only when every other condition is True; otherwise the first failing one's reason and message. */
  static ConditionOutcome ready(Observation observation) {
    return Stream.of(
            observation.specProblem(),
            observation.secretResolved(),
            observation.ingressReady(),
            observation.receiverConfigured(),
            observation.providerRegistered())
        .filter(Objects::nonNull)
        .filter(outcome -> !outcome.isTrue())
        .findFirst()
        .map(failing -> ConditionOutcome.failed(ConditionType.READY, failing.reason(), failing.message()))
        .orElseGet(() -> ConditionOutcome.ok(
            ConditionType.READY,
            ConditionReasons.READY,
            "the signing secret is resolved, the Ingress exists and every receiver serves the route"));
  }

  private Condition condition(ConditionOutcome outcome, long generation, WebhookEndpointStatus prior) {
    Optional<Condition> before = prior == null ? Optional.empty() : prior.condition(outcome.type());
    boolean unchanged =
        before.isPresent()
            && outcome.status().equals(before.get().getStatus())
            && outcome.reason().equals(before.get().getReason())
            && outcome.message().equals(Objects.requireNonNullElse(before.get().getMessage(), ""))
            && before.get().getLastTransitionTime() != null;
    String lastTransitionTime =
        unchanged
            ? before.get().getLastTransitionTime()
            : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    return new ConditionBuilder()
        .withType(outcome.type().value())
        .withStatus(outcome.status())
        .withReason(outcome.reason())
        .withMessage(outcome.message())
        .withLastTransitionTime(lastTransitionTime)
        .withObservedGeneration(generation)
        .build();
  }

  /** Conditions whose status or reason differ between {@code prior} and {@code next} (new ones included). */
  public static List<Condition> transitions(WebhookEndpointStatus prior, WebhookEndpointStatus next) {
    List<Condition> changed = new ArrayList<>();
    for (ConditionType type : ConditionType.values()) {
      Optional<Condition> after = next.condition(type);
      if (after.isEmpty()) {
        continue;
      }
      Optional<Condition> before = prior == null ? Optional.empty() : prior.condition(type);
      if (before.isEmpty()
          || !Objects.equals(before.get().getStatus(), after.get().getStatus())
          || !Objects.equals(before.get().getReason(), after.get().getReason())) {
        changed.add(after.get());
      }
    }
    return changed;
  }

  private static Instant priorLastEventTime(WebhookEndpointStatus prior) {
    if (prior == null || prior.getDeliveries() == null || prior.getDeliveries().getLastEventTime() == null) {
      return null;
    }
    try {
      return Instant.parse(prior.getDeliveries().getLastEventTime());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
