package dev.hookgate.receiver.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.config.DispatchConfig;
import dev.hookgate.receiver.forward.ForwardResult;
import dev.hookgate.receiver.store.NewDelivery;
import dev.hookgate.receiver.store.StoredDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttemptJudgeTest {

  private static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration RETRY_FOR = Duration.ofHours(1);
  /** Draws the longest wait every time, so the waits are known. */
  private final RetryPolicy longest = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10), bound -> bound);
  private final AttemptJudge judge = new AttemptJudge(longest);

  private static StoredDelivery delivery(Instant queuedAt) {
    NewDelivery received = new NewDelivery("s", "shop/a", "github", "push", "d", "d", RECEIVED, Map.of(), null);
    return new StoredDelivery(1, received, 0, StoredDelivery.State.PENDING, null, queuedAt);
  }

  private static ForwardResult status(int code, Duration retryAfter) {
    return new ForwardResult(code, "HTTP " + code, retryAfter);
  }

  @Test
  void twoHundredsAreDelivered() {
    assertThat(judge.judge(status(204, null), delivery(RECEIVED), 1, RETRY_FOR, RECEIVED))
        .isEqualTo(new Decision.Delivered());
  }

  @Test
  void goneIsADeadLetterAtOnce() {
    assertThat(judge.judge(status(410, null), delivery(RECEIVED), 1, RETRY_FOR, RECEIVED.plusSeconds(1)))
        .isInstanceOf(Decision.DeadLetter.class);
  }

  @Test
  void failuresAreRetriedWithGrowingBackoff() {
    Instant now = RECEIVED.plusSeconds(10);
    assertThat(judge.judge(status(500, null), delivery(RECEIVED), 1, RETRY_FOR, now))
        .isEqualTo(new Decision.Retry(now.plusSeconds(1)));
    assertThat(judge.judge(status(400, null), delivery(RECEIVED), 4, RETRY_FOR, now))
        .isEqualTo(new Decision.Retry(now.plusSeconds(8)));
    assertThat(judge.judge(ForwardResult.failed("timed out"), delivery(RECEIVED), 30, RETRY_FOR, now))
        .as("capped").isEqualTo(new Decision.Retry(now.plusSeconds(600)));
  }

  @Test
  void retryAfterIsAFloorNeverShortened() {
    Instant now = RECEIVED.plusSeconds(10);
    assertThat(judge.judge(status(503, Duration.ofSeconds(120)), delivery(RECEIVED), 1, RETRY_FOR, now))
        .isEqualTo(new Decision.Retry(now.plusSeconds(120)));
    assertThat(judge.judge(status(503, Duration.ofSeconds(120)), delivery(RECEIVED), 1, RETRY_FOR,
        RECEIVED.plus(RETRY_FOR).minusSeconds(5)))
        .as("even past the deadline").isEqualTo(new Decision.Retry(RECEIVED.plus(RETRY_FOR).plusSeconds(115)));
  }

  @Test
  void theLastRetryIsAtTheDeadlineAndAfterItADeadLetter() {
    Instant nearDeadline = RECEIVED.plus(RETRY_FOR).minusSeconds(2);
    assertThat(judge.judge(status(500, null), delivery(RECEIVED), 10, RETRY_FOR, nearDeadline))
        .isEqualTo(new Decision.Retry(RECEIVED.plus(RETRY_FOR)));
    Decision after = judge.judge(status(500, null), delivery(RECEIVED), 11, RETRY_FOR, RECEIVED.plus(RETRY_FOR));
    assertThat(after).isInstanceOf(Decision.DeadLetter.class);
    assertThat(((Decision.DeadLetter) after).reason()).contains("retryFor").contains("HTTP 500");
  }

  @Test
  void aReplayedDeliveryCountsRetryForFromItsReplay() {
    Instant replayed = RECEIVED.plus(Duration.ofDays(3));
    assertThat(judge.judge(status(500, null), delivery(replayed), 1, RETRY_FOR, replayed.plusSeconds(1)))
        .isInstanceOf(Decision.Retry.class);
  }

  @Test
  void fullJitterDrawsBetweenZeroAndTheCeiling() {
    RetryPolicy shortest = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10), bound -> 0);
    assertThat(shortest.backoff(5)).isEqualTo(Duration.ZERO);
    assertThat(longest.ceiling(1)).isEqualTo(1_000);
    assertThat(longest.ceiling(2)).isEqualTo(2_000);
    assertThat(longest.ceiling(64)).isEqualTo(600_000);
    RetryPolicy random = new RetryPolicy(new DispatchConfig(Duration.ofMillis(200), 1,
        1, 1_000_000, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMinutes(10), RETRY_FOR));
    for (int i = 0; i < 200; i++) {
      assertThat(random.backoff(3)).isBetween(Duration.ZERO, Duration.ofSeconds(4));
    }
  }
}
