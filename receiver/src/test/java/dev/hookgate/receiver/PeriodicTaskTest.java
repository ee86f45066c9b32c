package dev.hookgate.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeriodicTaskTest {

  @Test
  void aFailedRunIsFollowedByTheNextOne() {
    AtomicInteger runs = new AtomicInteger();
    try (PeriodicTask task = new PeriodicTask("test-task", "test.interval", Duration.ofMillis(1), () -> {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("first run fails");
      }
    })) {
      await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
    }
  }

  @Test
  void closeEndsItsThread() {
    AtomicInteger runs = new AtomicInteger();
    PeriodicTask task = new PeriodicTask("closing-task", "test.interval", Duration.ofMillis(1), runs::incrementAndGet);
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 1);
    assertThat(threadsNamed("closing-task")).isOne();

    task.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> threadsNamed("closing-task") == 0);
  }

  private static long threadsNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().equals(name))
        .count();
  }

  @Test
  void aDelayThatIsNotPositiveIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new PeriodicTask("test-task", "hookgate.store.prune-interval", Duration.ZERO, () -> { }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hookgate.store.prune-interval must be positive, got PT0S");
  }
}
