package dev.hookgate.receiver.http;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.DeliveryStoreFactory;
import dev.hookgate.receiver.store.NewDelivery;
import dev.hookgate.receiver.testing.InertDeliveryStore;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A bug of ours in the middle of the pipeline is a 503 (the provider retries) and one WARN line, never a 4xx. */
class UnexpectedFailureHttpTest {

  private static final String SPEC = "UnexpectedFailureHttpTest";
  private static final String SECRET = "gh-secret";

  /** Stands in for the store and fails on every admit, the way a bug would. */
  @Singleton
  @Replaces(bean = DeliveryStore.class, factory = DeliveryStoreFactory.class)
  @Requires(property = "spec.name", value = SPEC)
  static class ExplodingStore extends InertDeliveryStore {
    @Override
    public CompletableFuture<Admission> admit(NewDelivery delivery, Lease lease) {
      throw new IllegalStateException("boom with a message that must not be logged per request");
    }
  }

  @Test
  void anUnexpectedExceptionIs503WithOneWarnLineAndNoError(@TempDir Path dir) throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try (StubTarget target = new StubTarget()) {
      Path file = TestRoutes.writeTable(dir, List.of(TestRoutes.route("gh", ProviderType.GITHUB, SECRET, target.url("/ok"))));
      try (RunningReceiver receiver = new RunningReceiver(file, Map.of("spec.name", SPEC))) {
        byte[] body = utf8("{}");
        HttpResponse<String> response = receiver.post("gh", Map.of(
            "Content-Type", "application/json",
            "X-Hub-Signature-256", Signatures.gitHub(SECRET, body),
            "X-GitHub-Event", "push",
            "X-GitHub-Delivery", "d-1"), body);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("temporarily unavailable, retry later");
        assertThat(target.received()).isEmpty();
        assertThat(receiver.context().getBean(ReceiverCounters.class).get(ReceiverCounters.Outcome.FAILED_INTERNAL))
            .isEqualTo(1);
      }
    } finally {
      root.detachAppender(logged);
    }
    List<ILoggingEvent> fromController = logged.list.stream()
        .filter(event -> event.getLoggerName().equals(WebhookController.class.getName()))
        .toList();
    assertThat(fromController).singleElement().satisfies(event -> {
      assertThat(event.getLevel()).isEqualTo(Level.WARN);
      assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
      assertThat(event.getFormattedMessage()).contains("IllegalStateException").doesNotContain("boom");
    });
    assertThat(logged.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
  }
}
