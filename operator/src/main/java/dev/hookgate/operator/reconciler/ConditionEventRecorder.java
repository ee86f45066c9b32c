package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.api.WebhookEndpointStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a core/v1 Event on the endpoint for each condition transition: Normal when it became True, Warning
 * when False. Messages come from conditions, which never hold secret values. Best effort: a failure is logged.
 */
public class ConditionEventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(ConditionEventRecorder.class);
  public static final String COMPONENT = "hookgate-operator";

  private final KubernetesClient client;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();

  public ConditionEventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void record(WebhookEndpoint endpoint, WebhookEndpointStatus prior, WebhookEndpointStatus next) {
    for (Condition condition : WebhookEndpointStatusFactory.transitions(prior, next)) {
      if (ConditionOutcome.UNKNOWN.equals(condition.getStatus())) {
        continue;
      }
      try {
        client.v1().events().inNamespace(endpoint.getMetadata().getNamespace()).resource(event(endpoint, condition))
            .create();
      } catch (KubernetesClientException e) {
        LOG.warn("Could not record an event on {}/{}: {}", endpoint.getMetadata().getNamespace(),
            endpoint.getMetadata().getName(), e.getMessage());
      }
    }
  }

  Event event(WebhookEndpoint endpoint, Condition condition) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String name = endpoint.getMetadata().getName() + "."
        + Long.toHexString(clock.millis()) + Long.toHexString(sequence.incrementAndGet());
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(endpoint.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(endpoint.getApiVersion())
        .withKind(endpoint.getKind())
        .withName(endpoint.getMetadata().getName())
        .withNamespace(endpoint.getMetadata().getNamespace())
        .withUid(endpoint.getMetadata().getUid())
        .withResourceVersion(endpoint.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(ConditionOutcome.TRUE.equals(condition.getStatus()) ? "Normal" : "Warning")
        .withReason(condition.getReason())
        .withMessage(condition.getType() + "=" + condition.getStatus() + ": " + condition.getMessage())
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
