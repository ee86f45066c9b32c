package dev.hookgate.receiver.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.dispatch.TargetLane.Admission;
import dev.hookgate.receiver.dispatch.TargetLane.Pending;
import dev.hookgate.receiver.forward.ForwardResult;
import dev.hookgate.receiver.route.CompiledRoute;
import dev.hookgate.receiver.route.CompiledRoutes;
import dev.hookgate.receiver.store.NewDelivery;
import dev.hookgate.receiver.store.StoredDelivery;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.receiver.verify.ProviderVerifiers;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingTable;
import dev.hookgate.routing.Target;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetLaneTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final URI TARGET = URI.create("http://billing.shop.svc:8080/");

  private final TargetLane lane =
      new TargetLane(new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10), bound -> bound));

  private static Pending pending(long id, long generation, int maxConcurrency) {
    Route route = TestRoutes.withTarget(
        TestRoutes.withGeneration(TestRoutes.route("s", ProviderType.GITHUB, "secret", TARGET), generation),
        new Target(TARGET, 1_000, Target.OutputFormat.RAW, 60, maxConcurrency));
    CompiledRoute compiled = CompiledRoutes.compile(new RoutingTable(RoutingTable.FORMAT_VERSION, List.of(route)),
        new ProviderVerifiers(), CompiledRoutes.empty()).forSlug("s").orElseThrow();
    NewDelivery delivery = new NewDelivery("s", "shop/s", "github", "push", null, null, NOW, Map.of(), null);
    return new Pending(new StoredDelivery(id, delivery, 0, StoredDelivery.State.PENDING, null), compiled);
  }

  @Test
  void startsUpToTheConcurrencyLimitThenQueuesAndHandsTheSlotOn() {
    assertThat(lane.offer(pending(1, 1, 2), NOW)).isInstanceOf(Admission.Start.class);
    assertThat(lane.offer(pending(2, 1, 2), NOW)).isInstanceOf(Admission.Start.class);
    Pending third = pending(3, 1, 2);
    assertThat(lane.offer(third, NOW)).isInstanceOf(Admission.Queued.class);

    List<Pending> giveBack = new ArrayList<>();
    assertThat(lane.finished(NOW, giveBack)).isSameAs(third);
    assertThat(lane.finished(NOW, giveBack)).isNull();
    assertThat(giveBack).isEmpty();
  }

  @Test
  void overloadPausesTheWholeLaneForRetryAfterOrABackoff() {
    lane.offer(pending(1, 1, 4), NOW);
    lane.observe(new ForwardResult(429, "HTTP 429", Duration.ofSeconds(30)), NOW);

    assertThat(lane.offer(pending(2, 1, 4), NOW.plusSeconds(1)))
        .isEqualTo(new Admission.Postpone(NOW.plusSeconds(30)));
    lane.observe(new ForwardResult(503, "HTTP 503", null), NOW.plusSeconds(40));
    assertThat(lane.throttledUntil()).as("the second pause in a row: 2 s").isEqualTo(NOW.plusSeconds(42));
    lane.observe(new ForwardResult(500, "HTTP 500", null), NOW.plusSeconds(40));
    assertThat(lane.throttledUntil()).as("a plain failure does not pause").isEqualTo(NOW.plusSeconds(42));
    assertThat(lane.offer(pending(3, 1, 4), NOW.plusSeconds(42))).isInstanceOf(Admission.Start.class);
  }

  @Test
  void goneStopsTheLaneUntilANewGenerationOrAResume() {
    Pending waiting = pending(9, 1, 1);
    assertThat(lane.offer(pending(1, 1, 1), NOW)).isInstanceOf(Admission.Start.class);
    assertThat(lane.offer(waiting, NOW)).isInstanceOf(Admission.Queued.class);
    lane.observe(new ForwardResult(410, "HTTP 410", null), NOW);

    List<Pending> giveBack = new ArrayList<>();
    assertThat(lane.finished(NOW, giveBack)).isNull();
    assertThat(giveBack).containsExactly(waiting);
    assertThat(lane.offer(pending(3, 1, 4), NOW)).isInstanceOf(Admission.Stopped.class);
    assertThat(lane.stoppedReason()).contains("410 Gone");
    assertThat(lane.offer(pending(4, 2, 4), NOW)).as("the spec changed").isInstanceOf(Admission.Start.class);

    lane.observe(new ForwardResult(410, "HTTP 410", null), NOW);
    lane.resume();
    assertThat(lane.stoppedReason()).isNull();
  }
}
