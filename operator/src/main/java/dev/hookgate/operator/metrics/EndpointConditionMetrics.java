package dev.hookgate.operator.metrics;

import dev.hookgate.operator.api.WebhookEndpoint;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.stream.Stream;

/**
 * {@code hookgate_operator_webhookendpoint_condition}: one series per WebhookEndpoint condition with its current
 * status and reason (value 1), in the style of kube-state-metrics. Computed at scrape time from the operator's
 * informer cache, so it costs nothing between scrapes and never disagrees with {@code kubectl get whe}. Alerts
 * select on it, e.g. {@code {type="ProviderRegistered",status="False"}}.
 */
public final class EndpointConditionMetrics {

  static final String NAME = "hookgate_operator_webhookendpoint_condition";

  private EndpointConditionMetrics() {}

  /** Appends the metric family, in the Prometheus text format, for {@code endpoints}. */
  public static void write(Stream<WebhookEndpoint> endpoints, StringBuilder out) {
    out.append("# HELP ").append(NAME)
        .append(" The current status and reason of each WebhookEndpoint condition (always 1).\n")
        .append("# TYPE ").append(NAME).append(" gauge\n");
    endpoints.filter(endpoint -> endpoint.getStatus() != null && endpoint.getStatus().getConditions() != null)
        .forEach(endpoint -> {
          for (Condition condition : endpoint.getStatus().getConditions()) {
            out.append(NAME).append("{namespace=\"").append(escape(endpoint.getMetadata().getNamespace()))
                .append("\",name=\"").append(escape(endpoint.getMetadata().getName()))
                .append("\",type=\"").append(escape(condition.getType()))
                .append("\",status=\"").append(escape(condition.getStatus()))
                .append("\",reason=\"").append(escape(condition.getReason()))
                .append("\"} 1\n");
          }
        });
  }

  /** Label values as the text format wants them: backslash, double quote and line feed escaped. */
  static String escape(String value) {
    if (value == null) {
      return "";
    }
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
