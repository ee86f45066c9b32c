package dev.hookgate.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An inbound webhook: a public URL a provider calls, verified by the receiver and forwarded to a Service in
 * the endpoint's namespace.
 */
@Group(WebhookEndpoint.GROUP)
@Version(WebhookEndpoint.VERSION)
@ShortNames("whe")
@AdditionalPrinterColumn(name = "PROVIDER", jsonPath = ".spec.provider.type", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "READY",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "LAST EVENT",
    jsonPath = ".status.deliveries.lastEventTime",
    type = AdditionalPrinterColumn.Type.DATE)
// With -o wide: what waits for the target and what was given up on (summed over the receivers, as of the last
// resync); nonzero DEAD LETTERS want a fixed target and a replay (hookgate.dev/replay).
@AdditionalPrinterColumn(
    name = "PENDING",
    jsonPath = ".status.deliveries.pending",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "DEAD LETTERS",
    jsonPath = ".status.deliveries.deadLettered",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class WebhookEndpoint extends CustomResource<WebhookEndpointSpec, WebhookEndpointStatus> implements Namespaced {

  public static final String GROUP = "hookgate.dev";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "WebhookEndpoint";
  /**
   * Annotation: {@code "true"} deletes the endpoint without deleting the provider's hook (for a provider that
   * stays unreachable or credentials that are gone), so a namespace is never stuck on the finalizer.
   */
  public static final String SKIP_DEREGISTRATION = "hookgate.dev/skip-deregistration";
  /**
   * Annotation: any new value (a time, say) puts the endpoint's dead letters back into the queue on every receiver;
   * {@code status.replay} says how it went.
   */
  public static final String REPLAY = "hookgate.dev/replay";
  /** Annotation beside {@link #REPLAY}: only dead letters received at or after this RFC 3339 time. */
  public static final String REPLAY_SINCE = "hookgate.dev/replay-since";

  @Override
  protected WebhookEndpointStatus initStatus() {
    return null;
  }
}
