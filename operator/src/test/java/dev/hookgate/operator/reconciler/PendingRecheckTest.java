package dev.hookgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.WebhookEndpointStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingRecheckTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");
  private static final Duration FIRST = Duration.ofMillis(250);

  private static WebhookEndpointStatus receiverConfigured(String reason, Instant since) {
    WebhookEndpointStatus status = new WebhookEndpointStatus();
    status.setConditions(List.of(new ConditionBuilder().withType("ReceiverConfigured").withStatus("False")
        .withReason(reason).withLastTransitionTime(since.toString()).build()));
    return status;
  }

  @Test
  void justPendingIsRecheckedSoon() {
    assertThat(PendingRecheck.after(null, NOW, FIRST)).isEqualTo(FIRST);
    assertThat(PendingRecheck.after(receiverConfigured(ConditionReasons.PENDING, NOW), NOW, FIRST)).isEqualTo(FIRST);
    assertThat(PendingRecheck.after(receiverConfigured(ConditionReasons.NO_RECEIVERS, NOW.minusSeconds(60)), NOW, FIRST))
        .as("only the Pending wait backs off").isEqualTo(FIRST);
  }

  @Test
  void theLongerItWaitsTheLessOftenItIsRechecked() {
    assertThat(PendingRecheck.after(receiverConfigured(ConditionReasons.PENDING, NOW.minusSeconds(4)), NOW, FIRST))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(PendingRecheck.after(receiverConfigured(ConditionReasons.PENDING, NOW.minusSeconds(60)), NOW, FIRST))
        .isEqualTo(PendingRecheck.MAX);
  }
}
