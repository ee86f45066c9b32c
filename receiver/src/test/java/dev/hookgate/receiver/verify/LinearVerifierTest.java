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

class LinearVerifierTest {

  private static final LinearVerifier VERIFIER = new LinearVerifier();
  private static final String SECRET = "lin_wh_secret";
  private static final Instant SENT = Instant.parse("2026-01-01T00:00:00.123Z");
  private static final String BODY = "{\"action\":\"create\",\"type\":\"Issue\",\"data\":{\"id\":\"i-1\"},"
      + "\"webhookTimestamp\":" + SENT.toEpochMilli() + "}";
  private static final Route ROUTE = TestRoutes.route("ln", ProviderType.LINEAR, SECRET, URI.create("http://127.0.0.1/"));

  @Test
  void typeIsTypeDotActionAndLinearDeliveryIsTheDedupKey() {
    assertThat(verify(Signatures.linear(SECRET, utf8(BODY)), BODY, SENT))
        .isEqualTo(new Verification.Accepted("Issue.create", "d-1", "d-1"));
    String noAction = "{\"type\":\"AppUserNotification\",\"webhookTimestamp\":" + SENT.toEpochMilli() + "}";
    assertThat(((Verification.Accepted) verify(Signatures.linear(SECRET, utf8(noAction)), noAction, SENT))
        .eventType()).isEqualTo("AppUserNotification");
  }

  static Stream<Arguments> outcomes() {
    String good = Signatures.linear(SECRET, utf8(BODY));
    String noTimestamp = "{\"action\":\"create\",\"type\":\"Issue\"}";
    String textTimestamp = "{\"type\":\"Issue\",\"webhookTimestamp\":\"yesterday\"}";
    return Stream.of(
        Arguments.of("genuine", good, BODY, SENT, 200),
        Arguments.of("tampered body", good, BODY.replace("i-1", "i-2"), SENT, 401),
        Arguments.of("wrong secret", Signatures.linear("other", utf8(BODY)), BODY, SENT, 401),
        Arguments.of("uppercase hex", good.toUpperCase(), BODY, SENT, 200),
        Arguments.of("within 60 s (old)", good, BODY, SENT.plusSeconds(60), 200),
        Arguments.of("stale timestamp", good, BODY, SENT.plusSeconds(61), 401),
        Arguments.of("within 60 s (new)", good, BODY, SENT.minusSeconds(60), 200),
        Arguments.of("future timestamp", good, BODY, SENT.minusSeconds(61), 401),
        Arguments.of("missing header", null, BODY, SENT, 401),
        Arguments.of("not hex", "sha256=" + good, BODY, SENT, 400),
        Arguments.of("genuine without webhookTimestamp", Signatures.linear(SECRET, utf8(noTimestamp)), noTimestamp,
            SENT, 400),
        Arguments.of("genuine with a text webhookTimestamp", Signatures.linear(SECRET, utf8(textTimestamp)),
            textTimestamp, SENT, 400),
        Arguments.of("genuine but not JSON", Signatures.linear(SECRET, utf8("[")), "[", SENT, 400));
  }

  @ParameterizedTest(name = "{0} -> {4}")
  @MethodSource("outcomes")
  void verifies(String name, String signature, String body, Instant now, int expected) {
    assertThat(Outcomes.status(verify(signature, body, now))).isEqualTo(expected);
  }

  @Test
  void theRouteToleranceReplacesTheDefault() {
    Route lenient = TestRoutes.withTolerance(ROUTE, 300);
    InboundDelivery delivery = InboundDelivery.of(Map.of("Content-Type", "application/json",
        "linear-signature", Signatures.linear(SECRET, utf8(BODY))), utf8(BODY));
    List<byte[]> keys = List.of(VERIFIER.key(SECRET));
    assertThat(Outcomes.status(VERIFIER.verify(delivery, keys, lenient, SENT.plusSeconds(300)))).isEqualTo(200);
    assertThat(Outcomes.status(VERIFIER.verify(delivery, keys, lenient, SENT.plusSeconds(301)))).isEqualTo(401);
  }

  private static Verification verify(String signature, String body, Instant now) {
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json", "Linear-Delivery", "d-1"));
    if (signature != null) {
      headers.put("linear-signature", signature);
    }
    return VERIFIER.verify(InboundDelivery.of(headers, utf8(body)), List.of(VERIFIER.key(SECRET)), ROUTE, now);
  }
}
