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

class ZoomVerifierTest {

  private static final ZoomVerifier VERIFIER = new ZoomVerifier();

  // The url_validation vector from providers.md (a third-party test, not Zoom's).
  private static final String SECRET = "secretValueTest";
  private static final String PLAIN_TOKEN = "qgg8vlvZRS6UYooatFL8Aw";
  private static final String ENCRYPTED_TOKEN = "70c1f2e2e6ca2d39297490d1f9142c7d701415ea8e6151f6562a08fa657a40ff";
  private static final String VALIDATION = "{\"payload\":{\"plainToken\":\"" + PLAIN_TOKEN + "\"},"
      + "\"event_ts\":1654503849680,\"event\":\"endpoint.url_validation\"}";
  private static final String EVENT = "{\"event\":\"meeting.started\",\"event_ts\":1626230691572,"
      + "\"payload\":{\"object\":{\"id\":\"1234567890\"}}}";
  private static final long TS = 1654503849;
  private static final Instant AT = Instant.ofEpochSecond(TS);

  private static final Route ROUTE = TestRoutes.route("zm", ProviderType.ZOOM, SECRET, URI.create("http://127.0.0.1/"));

  @Test
  void answersAVerifiedUrlValidationWithTheVectorsEncryptedToken() {
    assertThat(verify(List.of(SECRET), Signatures.v0(SECRET, TS, utf8(VALIDATION)), TS, VALIDATION, AT))
        .isEqualTo(Verification.Handshake.json(
            "{\"plainToken\":\"" + PLAIN_TOKEN + "\",\"encryptedToken\":\"" + ENCRYPTED_TOKEN + "\"}"));
  }

  @Test
  void duringARotationTheHandshakeIsAnsweredWithTheSecretZoomSignedWith() {
    String signature = Signatures.v0(SECRET, TS, utf8(VALIDATION));

    Verification answer = verify(List.of("a-newer-token", SECRET), signature, TS, VALIDATION, AT);

    assertThat(((Verification.Handshake) answer).body()).contains(ENCRYPTED_TOKEN);
  }

  @Test
  void anUnsignedOrForgedUrlValidationIsRejectedNotAnswered() {
    assertThat(verify(List.of(SECRET), null, TS, VALIDATION, AT)).isEqualTo(Verification.missingSignature());
    assertThat(verify(List.of(SECRET), Signatures.v0("guess", TS, utf8(VALIDATION)), TS, VALIDATION, AT))
        .isEqualTo(Verification.mismatch());
  }

  @Test
  void eventsAreTypedByEventAndDeduplicatedOnEventTimestampAndBody() {
    Verification.Accepted accepted = (Verification.Accepted) signed(EVENT);
    assertThat(accepted.eventType()).isEqualTo("meeting.started");
    assertThat(accepted.deliveryId()).isNull();
    assertThat(accepted.dedupKey())
        .isEqualTo("meeting.started:1626230691572:" + Signatures.sha256Hex(utf8(EVENT)));

    String sameMillisecondOtherMeeting = EVENT.replace("1234567890", "1234567891");
    assertThat(((Verification.Accepted) signed(sameMillisecondOtherMeeting)).dedupKey())
        .isNotEqualTo(accepted.dedupKey());
  }

  static Stream<Arguments> outcomes() {
    String good = Signatures.v0(SECRET, TS, utf8(EVENT));
    return Stream.of(
        Arguments.of("genuine", good, String.valueOf(TS), EVENT, AT, 200),
        Arguments.of("tampered body", good, String.valueOf(TS), EVENT + " ", AT, 401),
        Arguments.of("wrong secret", Signatures.v0("other", TS, utf8(EVENT)), String.valueOf(TS), EVENT, AT, 401),
        Arguments.of("timestamp header changed", good, String.valueOf(TS + 1), EVENT, AT, 401),
        Arguments.of("stale timestamp", good, String.valueOf(TS), EVENT, AT.plusSeconds(301), 401),
        Arguments.of("future timestamp", good, String.valueOf(TS), EVENT, AT.minusSeconds(301), 401),
        Arguments.of("within tolerance", good, String.valueOf(TS), EVENT, AT.plusSeconds(300), 200),
        Arguments.of("missing signature", null, String.valueOf(TS), EVENT, AT, 401),
        Arguments.of("missing timestamp", good, null, EVENT, AT, 401),
        Arguments.of("no v0= prefix", good.substring(3), String.valueOf(TS), EVENT, AT, 400),
        Arguments.of("not hex", "v0=xyz", String.valueOf(TS), EVENT, AT, 400),
        Arguments.of("negative timestamp", good, "-1", EVENT, AT, 400),
        Arguments.of("genuine but not JSON", Signatures.v0(SECRET, TS, utf8("ok")), String.valueOf(TS), "ok", AT,
            400),
        Arguments.of("genuine url_validation without plainToken",
            Signatures.v0(SECRET, TS, utf8("{\"event\":\"endpoint.url_validation\"}")), String.valueOf(TS),
            "{\"event\":\"endpoint.url_validation\"}", AT, 400));
  }

  @ParameterizedTest(name = "{0} -> {5}")
  @MethodSource("outcomes")
  void verifies(String name, String signature, String timestamp, String body, Instant now, int expected) {
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
    if (signature != null) {
      headers.put("x-zm-signature", signature);
    }
    if (timestamp != null) {
      headers.put("x-zm-request-timestamp", timestamp);
    }
    Verification result =
        VERIFIER.verify(InboundDelivery.of(headers, utf8(body)), List.of(VERIFIER.key(SECRET)), ROUTE, now);
    assertThat(Outcomes.status(result)).isEqualTo(expected);
  }

  private static Verification signed(String body) {
    return verify(List.of(SECRET), Signatures.v0(SECRET, TS, utf8(body)), TS, body, AT);
  }

  private static Verification verify(List<String> secrets, String signature, long timestamp, String body,
      Instant now) {
    Map<String, String> headers = new HashMap<>(Map.of(
        "Content-Type", "application/json", "x-zm-request-timestamp", String.valueOf(timestamp)));
    if (signature != null) {
      headers.put("x-zm-signature", signature);
    }
    List<byte[]> keys = secrets.stream().map(VERIFIER::key).toList();
    return VERIFIER.verify(InboundDelivery.of(headers, utf8(body)), keys, ROUTE, now);
  }
}
