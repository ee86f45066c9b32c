package dev.hookgate.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A receiver that shuts down while its periodic tasks (the routes file poll, the store's prune) run logs no ERROR.
 * With Micronaut's {@code @Scheduled}, a run that fell in the shutdown looked its bean up again, failed to create it
 * without its dependencies, and logged "Error creating scheduled task" (also into other tests' captured logs).
 */
class PeriodicTasksShutdownTest {

  @Test
  void closingWhileTheTasksRunEveryMillisecondLogsNoError(@TempDir Path dir) throws Exception {
    Path file = TestRoutes.writeTable(dir,
        List.of(TestRoutes.route("gh", ProviderType.GITHUB, "gh-secret", URI.create("http://127.0.0.1:9/"))));
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try {
      for (int start = 0; start < 60; start++) {
        new RunningReceiver(file, Map.of(
            "hookgate.reload-interval", "1ms",
            "hookgate.store.prune-interval", "1ms")).close();
      }
    } finally {
      root.detachAppender(logged);
    }
    assertThat(logged.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
  }
}
