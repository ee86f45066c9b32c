package dev.hookgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.api.ProviderStatus;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RegistrationScheduleTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration RESYNC = Duration.ofMinutes(10);
  private final RegistrationSchedule schedule = new RegistrationSchedule(RESYNC, Duration.ofSeconds(10));
  private final String inputs = RegistrationSchedule.inputs(3, "https://h/x", "41", "7");

  @Test
  void dueAtOnceWithoutARecordOrWhenAnInputChanged() {
    assertThat(schedule.nextCall(null, inputs)).isEqualTo(Instant.EPOCH);
    ProviderStatus synced = synced(NOW);
    assertThat(schedule.nextCall(synced, RegistrationSchedule.inputs(4, "https://h/x", "41", "7")))
        .isEqualTo(Instant.EPOCH);
    assertThat(schedule.nextCall(synced, RegistrationSchedule.inputs(3, "https://h/y", "41", "7")))
        .isEqualTo(Instant.EPOCH);
    assertThat(schedule.nextCall(synced, RegistrationSchedule.inputs(3, "https://h/x", "42", "7")))
        .isEqualTo(Instant.EPOCH);
    assertThat(schedule.nextCall(synced, RegistrationSchedule.inputs(3, "https://h/x", "41", "8")))
        .isEqualTo(Instant.EPOCH);
  }

  @Test
  void aSyncedHookIsDueAgainAtTheResync() {
    assertThat(schedule.nextCall(synced(NOW), inputs)).isEqualTo(NOW.plus(RESYNC));
  }

  @Test
  void aFailureIsRetriedAtItsTimeAndRefusedCredentialsOnlyOnChange() {
    ProviderStatus failed = synced(NOW);
    failed.setFailures(2);
    failed.setNextAttemptTime(NOW.plusSeconds(20).toString());
    assertThat(schedule.nextCall(failed, inputs)).isEqualTo(NOW.plusSeconds(20));

    failed.setNextAttemptTime(null);
    assertThat(schedule.nextCall(failed, inputs)).isNull();
  }

  @Test
  void retryTimesPerKindOfFailure() {
    assertThat(schedule.retryAt(FailureKind.CREDENTIALS_INVALID, null, 1, NOW)).isNull();
    assertThat(schedule.retryAt(FailureKind.INVALID_CONFIGURATION, null, 1, NOW)).isEqualTo(NOW.plus(RESYNC));
    assertThat(schedule.retryAt(FailureKind.RATE_LIMITED, NOW.plusSeconds(900), 1, NOW))
        .isEqualTo(NOW.plusSeconds(900));
    assertThat(schedule.retryAt(FailureKind.PROVIDER_UNAVAILABLE, null, 1, NOW)).isEqualTo(NOW.plusSeconds(10));
    assertThat(schedule.retryAt(FailureKind.PROVIDER_UNAVAILABLE, null, 3, NOW)).isEqualTo(NOW.plusSeconds(40));
    assertThat(schedule.retryAt(FailureKind.PROVIDER_UNAVAILABLE, NOW.plusSeconds(300), 1, NOW))
        .isEqualTo(NOW.plusSeconds(300));
  }

  @Test
  void theBackoffDoublesUpToTheResync() {
    assertThat(schedule.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(schedule.backoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(schedule.backoff(6)).isEqualTo(Duration.ofSeconds(320));
    assertThat(schedule.backoff(7)).isEqualTo(RESYNC);
    assertThat(schedule.backoff(60)).isEqualTo(RESYNC);
  }

  private ProviderStatus synced(Instant at) {
    ProviderStatus status = new ProviderStatus();
    status.setHookId("1");
    status.setLastSyncTime(at.toString());
    status.setSyncedInputs(inputs);
    return status;
  }
}
