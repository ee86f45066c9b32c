package dev.hookgate.receiver.http;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slack's and Zoom's URL handshakes over real HTTP: answered by the receiver, never forwarded to the target. */
class HandshakeHttpTest {

  private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String ZOOM_SECRET = "secretValueTest";

  @TempDir static Path dir;
  private static StubTarget target;
  private static RunningReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    target = new StubTarget();
    List<Route> routes = List.of(
        TestRoutes.route("slack", ProviderType.SLACK, SLACK_SECRET, target.url("/ok")),
        TestRoutes.route("zoom", ProviderType.ZOOM, ZOOM_SECRET, target.url("/ok")));
    Path file = TestRoutes.writeTable(dir, routes);
    receiver = new RunningReceiver(file);
  }

  @AfterAll
  static void stop() {
    receiver.close();
    target.close();
  }

  @BeforeEach
  void forgetEarlierRequests() {
    target.received().clear();
  }

  @Test
  void slackUrlVerificationIsAnsweredWithTheChallengeAndNotForwarded() {
    byte[] body = utf8("{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}");
    long now = Instant.now().getEpochSecond();

    HttpResponse<String> response = receiver.post("slack", slack(Signatures.v0(SLACK_SECRET, now, body), now), body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body())
        .isEqualTo("{\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\"}");
    assertThat(target.received()).isEmpty();
  }

  @Test
  void anUnsignedOrForgedSlackUrlVerificationIs401() {
    byte[] body = utf8("{\"challenge\":\"abc\",\"type\":\"url_verification\"}");
    long now = Instant.now().getEpochSecond();

    HttpResponse<String> forged = receiver.post("slack", slack(Signatures.v0("guessed", now, body), now), body);
    HttpResponse<String> unsigned = receiver.post("slack", Map.of("Content-Type", "application/json"), body);

    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).doesNotContain("abc");
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(target.received()).isEmpty();
  }

  @Test
  void aSlackEventIsForwardedWithItsInnerType() {
    byte[] body = utf8("{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"app_mention\"}}");
    long now = Instant.now().getEpochSecond();

    HttpResponse<String> response = receiver.post("slack", slack(Signatures.v0(SLACK_SECRET, now, body), now), body);

    assertThat(response.statusCode()).isEqualTo(202);
    StubTarget.Received received = target.next();
    assertThat(received.header("X-Hookgate-Event-Type")).isEqualTo("app_mention");
    assertThat(received.header("X-Hookgate-Delivery-Id")).isEqualTo("Ev1");
  }

  @Test
  void zoomUrlValidationIsAnsweredWithTheEncryptedTokenAndNotForwarded() {
    byte[] body = utf8("{\"payload\":{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\"},\"event_ts\":1654503849680,"
        + "\"event\":\"endpoint.url_validation\"}");
    long now = Instant.now().getEpochSecond();

    HttpResponse<String> response = receiver.post("zoom", zoom(Signatures.v0(ZOOM_SECRET, now, body), now), body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\","
        + "\"encryptedToken\":\"70c1f2e2e6ca2d39297490d1f9142c7d701415ea8e6151f6562a08fa657a40ff\"}");
    assertThat(target.received()).isEmpty();
  }

  @Test
  void anUnsignedOrForgedZoomUrlValidationIs401() {
    byte[] body = utf8("{\"payload\":{\"plainToken\":\"p\"},\"event\":\"endpoint.url_validation\"}");
    long now = Instant.now().getEpochSecond();
    String encryptedWithGuess =
        HexFormat.of().formatHex(Signatures.hmac("HmacSHA256", utf8("guessed"), utf8("p")));

    HttpResponse<String> forged = receiver.post("zoom", zoom(Signatures.v0("guessed", now, body), now), body);
    HttpResponse<String> unsigned = receiver.post("zoom", Map.of("Content-Type", "application/json"), body);

    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).doesNotContain(encryptedWithGuess).doesNotContain("plainToken");
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(target.received()).isEmpty();
  }

  private static Map<String, String> slack(String signature, long timestamp) {
    return Map.of("Content-Type", "application/json", "X-Slack-Signature", signature,
        "X-Slack-Request-Timestamp", String.valueOf(timestamp));
  }

  private static Map<String, String> zoom(String signature, long timestamp) {
    return Map.of("Content-Type", "application/json", "x-zm-signature", signature,
        "x-zm-request-timestamp", String.valueOf(timestamp));
  }
}
