package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.receiver.DeliveryTotals;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one reconcile found, the input of {@link WebhookEndpointStatusFactory}.
 *
 * @param slug the endpoint's slug
 * @param url the public URL; null when there is no public host
 * @param specProblem a spec mistake that makes the endpoint not Ready whatever else holds (its type is READY);
 *     null when none
 * @param secretResolved the SecretResolved outcome
 * @param ingressReady the IngressReady outcome
 * @param receiverConfigured the ReceiverConfigured outcome
 * @param providerRegistered the ProviderRegistered outcome
 * @param lastEventTime the latest event time the receivers report; null if none
 * @param recheckAfter when to reconcile again without an event; null to wait for one
 * @param deliveries the endpoint's deliveries summed over the receivers; null when none reported them
 */
public record Observation(
    String slug,
    String url,
    ConditionOutcome specProblem,
    ConditionOutcome secretResolved,
    ConditionOutcome ingressReady,
    ConditionOutcome receiverConfigured,
    ConditionOutcome providerRegistered,
    Instant lastEventTime,
    Duration recheckAfter,
    DeliveryTotals deliveries) {

  /** No delivery counts (none reported, or not asked for). */
  public Observation(String slug, String url, ConditionOutcome specProblem, ConditionOutcome secretResolved,
      ConditionOutcome ingressReady, ConditionOutcome receiverConfigured, ConditionOutcome providerRegistered,
      Instant lastEventTime, Duration recheckAfter) {
    this(slug, url, specProblem, secretResolved, ingressReady, receiverConfigured, providerRegistered,
        lastEventTime, recheckAfter, null);
  }

  public Observation {
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(secretResolved, "secretResolved");
    Objects.requireNonNull(ingressReady, "ingressReady");
    Objects.requireNonNull(receiverConfigured, "receiverConfigured");
    Objects.requireNonNull(providerRegistered, "providerRegistered");
  }
}
