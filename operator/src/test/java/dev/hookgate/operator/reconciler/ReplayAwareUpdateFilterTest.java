package dev.hookgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.api.WebhookEndpointStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which updates of a WebhookEndpoint bring a reconcile now that the controller is not generation-aware. */
class ReplayAwareUpdateFilterTest {

  private final ReplayAwareUpdateFilter filter = new ReplayAwareUpdateFilter();

  @Test
  void theOperatorsOwnStatusWritesAndUnrelatedMetadataBringNoReconcile() {
    assertThat(accepts(updated -> updated.setStatus(new WebhookEndpointStatus()))).isFalse();
    assertThat(accepts(updated -> updated.getMetadata().setResourceVersion("2"))).isFalse();
    assertThat(accepts(updated -> updated.getMetadata().setLabels(Map.of("team", "payments")))).isFalse();
    assertThat(accepts(updated -> updated.getMetadata().getAnnotations().put("team", "payments"))).isFalse();
  }

  @Test
  void whatGenerationAwareProcessingLetThroughStillDoes() {
    assertThat(accepts(updated -> updated.getMetadata().setGeneration(2L))).isTrue();
    assertThat(accepts(updated -> updated.getMetadata().setFinalizers(List.of("hookgate.dev/finalizer")))).isTrue();
    assertThat(accepts(updated -> updated.getMetadata().setDeletionTimestamp("2026-11-22T12:00:00Z"))).isTrue();
  }

  @Test
  void aNewReplayRequestOrSinceBringsAReconcile() {
    assertThat(accepts(updated -> updated.getMetadata().getAnnotations().put(WebhookEndpoint.REPLAY, "t2"))).isTrue();
    assertThat(accepts(updated -> updated.getMetadata().getAnnotations()
        .put(WebhookEndpoint.REPLAY_SINCE, "2026-01-01T00:00:00Z"))).isTrue();
    assertThat(accepts(updated -> updated.getMetadata().getAnnotations().remove(WebhookEndpoint.REPLAY))).isTrue();
    // the same request written again (kubectl annotate --overwrite with the same value) is no new request
    assertThat(accepts(updated -> updated.getMetadata().getAnnotations().put(WebhookEndpoint.REPLAY, " t1 ")))
        .isFalse();
  }

  private boolean accepts(Consumer<WebhookEndpoint> change) {
    WebhookEndpoint old = endpoint();
    WebhookEndpoint updated = endpoint();
    change.accept(updated);
    return filter.accept(updated, old);
  }

  private static WebhookEndpoint endpoint() {
    WebhookEndpoint endpoint = new WebhookEndpoint();
    endpoint.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("payments").withGeneration(1L)
        .withResourceVersion("1").withAnnotations(new java.util.HashMap<>(Map.of(WebhookEndpoint.REPLAY, "t1")))
        .build());
    return endpoint;
  }
}
