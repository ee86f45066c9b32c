package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.WebhookEndpoint;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Which updates of a WebhookEndpoint bring a reconcile: what generation-aware processing lets through (a spec
 * change, the finalizer being added, deletion) and, besides, a changed replay request, which is only annotations
 * and so leaves the generation alone. Status writes (the operator's own) do not.
 */
public class ReplayAwareUpdateFilter implements OnUpdateFilter<WebhookEndpoint> {

  @Override
  public boolean accept(WebhookEndpoint updated, WebhookEndpoint old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || updated.isMarkedForDeletion()
        || !Objects.equals(updated.getMetadata().getFinalizers(), old.getMetadata().getFinalizers())
        || !ReplayRequest.of(updated).equals(ReplayRequest.of(old));
  }
}
