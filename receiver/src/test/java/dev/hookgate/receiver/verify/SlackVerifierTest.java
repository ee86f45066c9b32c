package dev.hookgate.receiver.verify;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.testing.Outcomes;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlackVerifierTest {

  private static final SlackVerifier VERIFIER = new SlackVerifier();

  // The slash-command vector from Slack's docs and slack_sdk's tests.
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String FORM_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
      + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
      + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
      + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  private static final long TS = 1531420618;
  private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  private static final Instant AT = Instant.ofEpochSecond(TS);
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON = "application/json";

  private static final Route ROUTE = TestRoutes.route("sl", ProviderType.SLACK, SECRET, URI.create("http://127.0.0.1/"));

  @Test
  void acceptsTheSlashCommandVectorTypedByItsCommand() {
    assertThat(verify(FORM, SIGNATURE, String.valueOf(TS), FORM_BODY, AT))
        .isEqualTo(new Verification.Accepted("/webhook-collect", null, null));
  }

  static Stream<Arguments> outcomes() {
    String ts = String.valueOf(TS);
    return Stream.of(
        Arguments.of("vector", SIGNATURE, ts, FORM_BODY, AT, 200),
        Arguments.of("tampered body", SIGNATURE, ts, FORM_BODY + "&x=1", AT, 401),
        Arguments.of("wrong secret", Signatures.v0("other", TS, utf8(FORM_BODY)), ts, FORM_BODY, AT, 401),
        Arguments.of("timestamp header changed", SIGNATURE, String.valueOf(TS + 1), FORM_BODY, AT, 401),
        Arguments.of("just within tolerance (old)", SIGNATURE, ts, FORM_BODY, AT.plusSeconds(300), 200),
        Arguments.of("stale timestamp", SIGNATURE, ts, FORM_BODY, AT.plusSeconds(301), 401),
        Arguments.of("just within tolerance (new)", SIGNATURE, ts, FORM_BODY, AT.minusSeconds(300), 200),
        Arguments.of("future timestamp", SIGNATURE, ts, FORM_BODY, AT.minusSeconds(301), 401),
        Arguments.of("missing signature", null, ts, FORM_BODY, AT, 401),
        Arguments.of("missing timestamp", SIGNATURE, null, FORM_BODY, AT, 401),
        Arguments.of("no v0= prefix", SIGNATURE.substring(3), ts, FORM_BODY, AT, 400),
        Arguments.of("v1= prefix", "v1=" + SIGNATURE.substring(3), ts, FORM_BODY, AT, 400),
        Arguments.of("not hex", "v0=" + "zz".repeat(32), ts, FORM_BODY, AT, 400),
        Arguments.of("timestamp not a number", SIGNATURE, "1531420618.5", FORM_BODY, AT, 400));
  }

  @ParameterizedTest(name = "{0} -> {5}")
  @MethodSource("outcomes")
  void verifies(String name, String signature, String timestamp, String body, Instant now, int expected) {
    assertThat(Outcomes.status(verify(FORM, signature, timestamp, body, now))).isEqualTo(expected);
  }

  @Test
  void answersAVerifiedUrlVerificationWithItsChallengeJsonEscaped() {
    String body = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1a\\\"</x>\\u00e9\","
        + "\"type\":\"url_verification\"}";

    assertThat(signedJson(body)).isEqualTo(Verification.Handshake.json("{\"challenge\":\"3eZbrw1a\\\"</x>é\"}"));
  }

  @Test
  void aForgedUrlVerificationIsRejectedNotAnswered() {
    String body = "{\"challenge\":\"abc\",\"type\":\"url_verification\"}";
    String forged = Signatures.v0("guess", TS, utf8(body));

    assertThat(verify(JSON, forged, String.valueOf(TS), body, AT)).isEqualTo(Verification.mismatch());
  }

  @Test
  void eventCallbacksAreTypedByTheInnerEventAndDeduplicatedOnEventId() {
    String body = "{\"type\":\"event_callback\",\"event_id\":\"Ev08MFMKH6\",\"event\":{\"type\":\"app_mention\"}}";
    assertThat(signedJson(body)).isEqualTo(new Verification.Accepted("app_mention", "Ev08MFMKH6", "Ev08MFMKH6"));

    String other = "{\"type\":\"app_rate_limited\",\"minute_rate_limited\":1518467820}";
    assertThat(signedJson(other)).isEqualTo(new Verification.Accepted("app_rate_limited", null, null));
  }

  @Test
  void interactivityIsTypedByItsPayloadType() {
    String body = "payload=" + java.net.URLEncoder.encode("{\"type\":\"block_actions\",\"actions\":[]}",
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(verify(FORM, Signatures.v0(SECRET, TS, utf8(body)), String.valueOf(TS), body, AT))
        .isEqualTo(new Verification.Accepted("block_actions", null, null));
  }

  @Test
  void aGenuineJsonDeliveryThatIsNotJsonIs400() {
    assertThat(Outcomes.status(signedJson("{\"type\":"))).isEqualTo(400);
    assertThat(Outcomes.status(signedJson("{\"type\":\"url_verification\"}"))).as("challenge missing")
        .isEqualTo(400);
  }

  @Test
  void theRouteToleranceReplacesTheDefault() {
    Route strict = TestRoutes.withTolerance(ROUTE, 30);
    InboundDelivery delivery = delivery(FORM, SIGNATURE, String.valueOf(TS), FORM_BODY);
    List<byte[]> keys = List.of(VERIFIER.key(SECRET));
    assertThat(Outcomes.status(VERIFIER.verify(delivery, keys, strict, AT.plusSeconds(30)))).isEqualTo(200);
    assertThat(Outcomes.status(VERIFIER.verify(delivery, keys, strict, AT.minusSeconds(31)))).isEqualTo(401);
  }

  private static Verification signedJson(String body) {
    return verify(JSON, Signatures.v0(SECRET, TS, utf8(body)), String.valueOf(TS), body, AT);
  }

  private static Verification verify(String contentType, String signature, String timestamp, String body,
      Instant now) {
    return VERIFIER.verify(delivery(contentType, signature, timestamp, body), List.of(VERIFIER.key(SECRET)), ROUTE,
        now);
  }

  private static InboundDelivery delivery(String contentType, String signature, String timestamp, String body) {
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", contentType));
    if (signature != null) {
      headers.put("X-Slack-Signature", signature);
    }
    if (timestamp != null) {
      headers.put("X-Slack-Request-Timestamp", timestamp);
    }
    return InboundDelivery.of(headers, utf8(body));
  }
}
