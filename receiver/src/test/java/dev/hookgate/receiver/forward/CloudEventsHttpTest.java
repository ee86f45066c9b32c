package dev.hookgate.receiver.forward;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Target;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A route with {@code format: cloudevents}: the target gets a CloudEvent in binary mode, the body unchanged. */
class CloudEventsHttpTest {

  private static final String SECRET = "gh-secret";

  @TempDir Path dir;

  @Test
  void aGitHubPushArrivesAsACloudEventWithTheBodyUnchanged() throws Exception {
    try (StubTarget target = new StubTarget()) {
      Target cloudEvents = new Target(target.url("/ce"), 2_000, Target.OutputFormat.CLOUDEVENTS, 3600, 4);
      Path routes = TestRoutes.writeTable(dir, List.of(TestRoutes.withTarget(
          TestRoutes.route("ce", ProviderType.GITHUB, SECRET, target.url("/ce")), cloudEvents)));
      try (RunningReceiver receiver = new RunningReceiver(routes)) {
        byte[] body = utf8("{\"ref\":\"refs/heads/main\",\"zen\":\"Zoë\"}");
        Instant before = Instant.now().minusSeconds(1);

        assertThat(receiver.post("ce", Map.of(
            "Content-Type", "application/json; charset=utf-8",
            "X-Hub-Signature-256", Signatures.gitHub(SECRET, body),
            "X-GitHub-Event", "push",
            "X-GitHub-Delivery", "gh-77"), body).statusCode()).isEqualTo(202);
        StubTarget.Received event = target.next();

        assertThat(event.body()).isEqualTo(body);
        assertThat(event.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(event.header("ce-specversion")).isEqualTo("1.0");
        assertThat(event.header("ce-id")).isEqualTo("gh-77");
        assertThat(event.header("ce-type")).isEqualTo("github.push");
        assertThat(event.header("ce-source")).isEqualTo("/namespaces/shop/webhookendpoints/ce");
        assertThat(Instant.parse(event.header("ce-time"))).isAfter(before).isBefore(Instant.now());
        assertThat(event.header("X-Hookgate-Attempt")).isEqualTo("1");
        assertThat(event.header("X-Hub-Signature-256")).as("provider headers stay out of a CloudEvent").isNull();
      }
    }
  }
}
