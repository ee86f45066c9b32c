package dev.hookgate.receiver.dedup;

import static dev.hookgate.receiver.dedup.DeliveryDeduplicator.Sighting.DUPLICATE;
import static dev.hookgate.receiver.dedup.DeliveryDeduplicator.Sighting.FIRST;
import static dev.hookgate.receiver.dedup.DeliveryDeduplicator.Sighting.IN_PROGRESS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.config.DedupConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryDeliveryDeduplicatorTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final InMemoryDeliveryDeduplicator dedup =
      new InMemoryDeliveryDeduplicator(new DedupConfig(Duration.ofHours(72), 3));

  @Test
  void aDeliveryHandedOnIsADuplicateAfterwardsPerRoute() {
    assertThat(dedup.sight("gh", "42:d-1", T0)).isEqualTo(FIRST);
    dedup.handedOn("gh", "42:d-1", T0);

    assertThat(dedup.sight("gh", "42:d-1", T0.plusSeconds(5))).isEqualTo(DUPLICATE);
    assertThat(dedup.sight("other", "42:d-1", T0.plusSeconds(5))).as("another route").isEqualTo(FIRST);
  }

  @Test
  void aDeliveryStillBeingHandedOnIsInProgressNotADuplicate() {
    assertThat(dedup.sight("gh", "d-1", T0)).isEqualTo(FIRST);

    assertThat(dedup.sight("gh", "d-1", T0)).isEqualTo(IN_PROGRESS);
  }

  @Test
  void aForgottenDeliveryIsSeenForTheFirstTimeAgain() {
    dedup.sight("gh", "d-1", T0);
    dedup.forget("gh", "d-1");

    assertThat(dedup.sight("gh", "d-1", T0.plusSeconds(1))).isEqualTo(FIRST);
  }

  @Test
  void keysAreForgottenOnceTheWindowHasPassed() {
    dedup.sight("gh", "d-1", T0);
    dedup.handedOn("gh", "d-1", T0);

    assertThat(dedup.sight("gh", "d-1", T0.plus(Duration.ofHours(72)).minusMillis(1))).isEqualTo(DUPLICATE);
    assertThat(dedup.sight("gh", "d-1", T0.plus(Duration.ofHours(72)))).isEqualTo(FIRST);
  }

  @Test
  void expiredKeysAreDroppedFromMemory() {
    dedup.sight("gh", "d-1", T0);
    dedup.sight("gh", "d-2", T0.plusSeconds(10));
    dedup.sight("gh", "d-3", T0.plus(Duration.ofHours(72)).plusSeconds(5));

    assertThat(dedup.size()).isEqualTo(2); // d-1 expired; d-2 not yet
  }

  @Test
  void keepsAtMostMaxEntriesForgettingTheOldestFirst() {
    for (int i = 1; i <= 5; i++) {
      dedup.sight("gh", "d-" + i, T0.plusSeconds(i));
      dedup.handedOn("gh", "d-" + i, T0.plusSeconds(i));
    }

    assertThat(dedup.size()).isEqualTo(3);
    assertThat(dedup.sight("gh", "d-5", T0.plusSeconds(9))).isEqualTo(DUPLICATE);
    assertThat(dedup.sight("gh", "d-3", T0.plusSeconds(9))).isEqualTo(DUPLICATE);
    assertThat(dedup.sight("gh", "d-1", T0.plusSeconds(9))).as("evicted").isEqualTo(FIRST);
    assertThat(dedup.size()).isEqualTo(3);
  }

  @Test
  void longKeysAreKeptHashedButStillMatch() {
    String longKey = "k".repeat(10_000);
    dedup.sight("gh", longKey, T0);
    dedup.handedOn("gh", longKey, T0);

    assertThat(dedup.sight("gh", longKey, T0)).isEqualTo(DUPLICATE);
    assertThat(dedup.sight("gh", longKey + "x", T0)).isEqualTo(FIRST);
  }
}
