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

class GitLabVerifierTest {

  private static final GitLabVerifier VERIFIER = new GitLabVerifier();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String TOKEN = "glpat-like-secret-token";
  private static final String BODY = "{\"object_kind\":\"push\"}";

  // The Standard Webhooks vector, as a GitLab signing token would sign it.
  private static final String SIGNING_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String SW_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long SW_TS = 1614265330;
  private static final String SW_BODY = "{\"test\": 2432232314}";
  private static final String SW_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static final Route ROUTE = TestRoutes.route("gl", ProviderType.GITLAB, TOKEN, URI.create("http://127.0.0.1/"));

  static Stream<Arguments> tokens() {
    return Stream.of(
        Arguments.of("the token", TOKEN, 200),
        Arguments.of("another token", "glpat-like-secret-tokem", 401),
        Arguments.of("a prefix of the token", TOKEN.substring(0, 10), 401),
        Arguments.of("the token and more", TOKEN + "x", 401),
        Arguments.of("empty", "", 401),
        Arguments.of("missing header", null, 401));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("tokens")
  void comparesTheTokenAgainstEachSecret(String name, String token, int expected) {
    assertThat(Outcomes.status(verify(List.of("previous-token", TOKEN), tokenDelivery(token, BODY), NOW)))
        .isEqualTo(expected);
  }

  @Test
  void typeFromEventHeaderDedupOnIdempotencyKeyDeliveryIdFallsBackToWebhookUuid() {
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json", "X-Gitlab-Token", TOKEN,
        "X-Gitlab-Event", "Push Hook", "X-Gitlab-Webhook-UUID", "uuid-1", "Idempotency-Key", "idem-1"));
    assertThat(verify(List.of(TOKEN), InboundDelivery.of(headers, utf8(BODY)), NOW))
        .isEqualTo(new Verification.Accepted("Push Hook", "idem-1", "idem-1"));

    headers.remove("Idempotency-Key");
    assertThat(verify(List.of(TOKEN), InboundDelivery.of(headers, utf8(BODY)), NOW))
        .isEqualTo(new Verification.Accepted("Push Hook", "uuid-1", null));
  }

  static Stream<Arguments> signingToken() {
    Instant sent = Instant.ofEpochSecond(SW_TS);
    String ts = String.valueOf(SW_TS);
    return Stream.of(
        Arguments.of("vector", swDelivery(SW_SIGNATURE, ts, SW_BODY, null), sent, 200),
        Arguments.of("vector, and a valid token too", swDelivery(SW_SIGNATURE, ts, SW_BODY, TOKEN), sent, 200),
        Arguments.of("tampered body", swDelivery(SW_SIGNATURE, ts, SW_BODY + " ", null), sent, 401),
        Arguments.of("forged signature with a valid token",
            swDelivery(Signatures.standardWebhooks("whsec_b3RoZXI=", SW_ID, SW_TS, utf8(SW_BODY)), ts, SW_BODY,
                TOKEN), sent, 401),
        Arguments.of("stale", swDelivery(SW_SIGNATURE, ts, SW_BODY, null), sent.plusSeconds(301), 401),
        Arguments.of("future", swDelivery(SW_SIGNATURE, ts, SW_BODY, null), sent.minusSeconds(301), 401),
        Arguments.of("malformed signature", swDelivery("v1,***", ts, SW_BODY, null), sent, 400),
        Arguments.of("timestamp missing", swDelivery(SW_SIGNATURE, null, SW_BODY, null), sent, 401));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("signingToken")
  void verifiesStandardWebhooksSignaturesWithTheSigningToken(String name, InboundDelivery delivery, Instant now,
      int expected) {
    assertThat(Outcomes.status(verify(List.of(TOKEN, SIGNING_SECRET), delivery, now))).isEqualTo(expected);
  }

  @Test
  void aSignedDeliveryIsNotAcceptedOnTheTokenAlone() {
    InboundDelivery signed = swDelivery(SW_SIGNATURE, String.valueOf(SW_TS), SW_BODY, TOKEN);
    assertThat(verify(List.of(TOKEN), signed, Instant.ofEpochSecond(SW_TS))).isEqualTo(Verification.mismatch());
  }

  @Test
  void theSignedDeliveryIsDeduplicatedOnItsIdempotencyKey() {
    Map<String, String> headers = new HashMap<>(swHeaders(SW_SIGNATURE, String.valueOf(SW_TS), null));
    headers.put("Idempotency-Key", SW_ID);
    headers.put("X-Gitlab-Event", "Push Hook");
    assertThat(verify(List.of(SIGNING_SECRET), InboundDelivery.of(headers, utf8(SW_BODY)),
        Instant.ofEpochSecond(SW_TS))).isEqualTo(new Verification.Accepted("Push Hook", SW_ID, SW_ID));
  }

  private static Verification verify(List<String> secrets, InboundDelivery delivery, Instant now) {
    return VERIFIER.verify(delivery, secrets.stream().map(VERIFIER::key).toList(), ROUTE, now);
  }

  private static InboundDelivery tokenDelivery(String token, String body) {
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
    if (token != null) {
      headers.put("X-Gitlab-Token", token);
    }
    return InboundDelivery.of(headers, utf8(body));
  }

  private static InboundDelivery swDelivery(String signature, String timestamp, String body, String token) {
    return InboundDelivery.of(swHeaders(signature, timestamp, token), utf8(body));
  }

  private static Map<String, String> swHeaders(String signature, String timestamp, String token) {
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json", "webhook-id", SW_ID,
        "webhook-signature", signature));
    if (timestamp != null) {
      headers.put("webhook-timestamp", timestamp);
    }
    if (token != null) {
      headers.put("X-Gitlab-Token", token);
    }
    return headers;
  }
}
