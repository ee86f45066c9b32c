package dev.hookgate.receiver.admin;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin CLI against a running receiver's internal port, over real HTTP. */
class AdminCliTest {

  private static final String SECRET = "gh-secret";

  @TempDir Path dir;

  /** What one CLI run printed and how it exited. */
  private record Run(int exitCode, String out, String err) {}

  @Test
  void listsADeadLetterShowsItsHistoryAndReplaysItToTheTarget() throws Exception {
    try (StubTarget target = new StubTarget();
        RunningReceiver receiver = new RunningReceiver(TestRoutes.writeTable(dir, List.of(
            TestRoutes.route("gone", ProviderType.GITHUB, SECRET, target.url("/gone")))))) {
      String url = receiver.internalUri("").toString();
      target.answer("/gone", 410, Map.of());
      byte[] body = utf8("{\"zen\":\"hi\"}");
      assertThat(receiver.post("gone", Map.of("Content-Type", "application/json",
          "X-Hub-Signature-256", Signatures.gitHub(SECRET, body), "X-GitHub-Event", "push",
          "X-GitHub-Delivery", "cli-1"), body).statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(20))
          .until(() -> run("--url", url, "dead-letters", "shop/gone").out().contains("cli-1"));

      Run deadLetters = run("--url", url, "dead-letters", "shop/gone");
      Matcher id = Pattern.compile("\"id\" : (\\d+)").matcher(deadLetters.out());
      assertThat(id.find()).isTrue();
      Run history = run("--url", url, "history", id.group(1));
      target.answer("/gone", 200, Map.of());
      Run replay = run("--url", url, "replay", "--id", id.group(1));

      assertThat(deadLetters.exitCode()).isZero();
      assertThat(deadLetters.out()).contains("DEAD_LETTERED").contains("410 Gone");
      assertThat(history.exitCode()).isZero();
      assertThat(history.out()).contains("\"statusCode\" : 410");
      assertThat(replay.exitCode()).isZero();
      assertThat(replay.out()).contains("\"replayed\" : 1");
      await().atMost(Duration.ofSeconds(20))
          .until(() -> run("--url", url, "history", id.group(1)).out().contains("DELIVERED"));
    }
  }

  @Test
  void anUnknownDeliveryExits1AndAUsageErrorExits2WithoutCallingAnything() throws Exception {
    try (RunningReceiver receiver = new RunningReceiver(TestRoutes.writeTable(dir, List.of()))) {
      String url = receiver.internalUri("").toString();

      Run unknown = run("--url", url, "history", "424242");
      Run noCommand = run("--url", url);
      Run badEndpoint = run("--url", url, "dead-letters", "no-slash");
      Run badReplay = run("--url", url, "replay", "--endpoint", "shop/a\"b");

      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.out()).contains("no such delivery");
      assertThat(noCommand.exitCode()).isEqualTo(2);
      assertThat(badEndpoint.exitCode()).isEqualTo(2);
      assertThat(badEndpoint.err()).contains("NAMESPACE/NAME");
      assertThat(badReplay.exitCode()).isEqualTo(2);
    }
  }

  @Test
  void anUnreachableReceiverExits1() {
    Run run = run("--url", "http://127.0.0.1:" + RunningReceiver.freePort(), "history", "1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach");
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode = new AdminCli().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
