package dev.hookgate.receiver.verify;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class StandardWebhooksVerifierTest {

  private static final StandardWebhooksVerifier VERIFIER = new StandardWebhooksVerifier();

  // The official Standard Webhooks test vector.
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final String BODY = "{\"test\": 2432232314}";
  private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  private static final Instant SENT = Instant.ofEpochSecond(TIMESTAMP);

  private static final Route ROUTE =
      TestRoutes.route("sw", ProviderType.STANDARD_WEBHOOKS, SECRET, URI.create("http://127.0.0.1/"));

  @Test
  void acceptsTheStandardWebhooksVector() {
    assertThat(verify(SECRET, headers(ID, String.valueOf(TIMESTAMP), SIGNATURE), BODY, SENT))
        .isEqualTo(Verification.accepted(null, ID));
  }

  @Test
  void acceptsTheSvixVectorWithSvixHeaderNamesAndTakesTheTypeFromTheBody() {
    String body = "{\"event_type\":\"ping\",\"data\":{\"success\":true}}";
    Map<String, String> headers = Map.of(
        "svix-id", "msg_loFOjxBNrRLzqYUf",
        "svix-timestamp", "1731705121",
        "svix-signature", "v1,rAvfW3dJ/X/qxhsaXPOyyCGmRKsaKWcsNccKXlIktD0=");

    assertThat(verify("whsec_plJ3nmyCDGBKInavdOK15jsl", headers, body, Instant.ofEpochSecond(1731705121)))
        .isEqualTo(Verification.accepted(null, "msg_loFOjxBNrRLzqYUf"));
  }

  @Test
  void takesTheEventTypeFromTheBody() {
    String body = "{\"type\":\"invoice.paid\",\"data\":{}}";
    String signature = Signatures.standardWebhooks(SECRET, ID, TIMESTAMP, utf8(body));

    assertThat(verify(SECRET, headers(ID, String.valueOf(TIMESTAMP), signature), body, SENT))
        .isEqualTo(Verification.accepted("invoice.paid", ID));
  }

  static Stream<Arguments> outcomes() {
    String ts = String.valueOf(TIMESTAMP);
    String other = Signatures.standardWebhooks("whsec_" + "b3RoZXItc2VjcmV0LWtleQ==", ID, TIMESTAMP, utf8(BODY));
    return Stream.of(
        Arguments.of("vector", headers(ID, ts, SIGNATURE), BODY, SENT, 200),
        Arguments.of("tampered body", headers(ID, ts, SIGNATURE), BODY + " ", SENT, 401),
        Arguments.of("tampered id", headers(ID + "x", ts, SIGNATURE), BODY, SENT, 401),
        Arguments.of("wrong secret", headers(ID, ts, other), BODY, SENT, 401),
        Arguments.of("missing signature", headers(ID, ts, null), BODY, SENT, 401),
        Arguments.of("missing id", headers(null, ts, SIGNATURE), BODY, SENT, 401),
        Arguments.of("missing timestamp", headers(ID, null, SIGNATURE), BODY, SENT, 401),
        Arguments.of("just within tolerance (old)", headers(ID, ts, SIGNATURE), BODY, SENT.plusSeconds(300), 200),
        Arguments.of("just within tolerance (new)", headers(ID, ts, SIGNATURE), BODY, SENT.minusSeconds(300), 200),
        Arguments.of("stale timestamp", headers(ID, ts, SIGNATURE), BODY, SENT.plusSeconds(301), 401),
        Arguments.of("future timestamp", headers(ID, ts, SIGNATURE), BODY, SENT.minusSeconds(301), 401),
        Arguments.of("unparseable timestamp", headers(ID, "yesterday", SIGNATURE), BODY, SENT, 400),
        Arguments.of("signature not base64", headers(ID, ts, "v1,!!!"), BODY, SENT, 400),
        Arguments.of("signature without version", headers(ID, ts, "g0hM9SsE"), BODY, SENT, 400),
        Arguments.of("several, one matches", headers(ID, ts, other + " " + SIGNATURE), BODY, SENT, 200),
        Arguments.of("several, none matches", headers(ID, ts, other + " " + other), BODY, SENT, 401),
        Arguments.of("unknown version skipped", headers(ID, ts, "v1a,c29tZQ== v2,xyz " + SIGNATURE), BODY, SENT, 200),
        Arguments.of("only unknown versions", headers(ID, ts, "v1a," + SIGNATURE.substring(3)), BODY, SENT, 401));
  }

  @ParameterizedTest(name = "{0} -> {4}")
  @MethodSource("outcomes")
  void verifies(String name, Map<String, String> headers, String body, Instant now, int expected) {
    Verification result = verify(SECRET, headers, body, now);
    if (expected == 200) {
      assertThat(result).isInstanceOf(Verification.Accepted.class);
    } else {
      assertThat(result).isInstanceOfSatisfying(
          Verification.Rejected.class, r -> assertThat(r.httpStatus()).isEqualTo(expected));
    }
  }

  @Test
  void refusesASecretThatIsNotBase64WithoutQuotingIt() {
    assertThatThrownBy(() -> VERIFIER.key("whsec_not*base64"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("not*base64");
  }

  private static Verification verify(String secret, Map<String, String> headers, String body, Instant now) {
    return VERIFIER.verify(InboundDelivery.of(headers, utf8(body)), List.of(VERIFIER.key(secret)), ROUTE, now);
  }

  private static Map<String, String> headers(String id, String timestamp, String signature) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    if (id != null) {
      headers.put("webhook-id", id);
    }
    if (timestamp != null) {
      headers.put("webhook-timestamp", timestamp);
    }
    if (signature != null) {
      headers.put("webhook-signature", signature);
    }
    return headers;
  }
}
