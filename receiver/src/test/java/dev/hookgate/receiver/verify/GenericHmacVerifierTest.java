package dev.hookgate.receiver.verify;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.GenericHmac;
import dev.hookgate.routing.GenericHmac.Algorithm;
import dev.hookgate.routing.GenericHmac.Encoding;
import dev.hookgate.routing.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GenericHmacVerifierTest {

  private static final GenericHmacVerifier VERIFIER = new GenericHmacVerifier();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String SECRET = "generic-secret";
  private static final byte[] BODY = utf8("{\"order\":42}");

  static Stream<Arguments> settings() {
    List<Arguments> all = new ArrayList<>();
    for (Algorithm algorithm : Algorithm.values()) {
      for (Encoding encoding : Encoding.values()) {
        for (String prefix : List.of("", algorithm.wireName() + "=")) {
          all.add(Arguments.of(algorithm, encoding, prefix));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1} prefix=''{2}''")
  @MethodSource("settings")
  void roundTripsEveryAlgorithmEncodingAndPrefix(Algorithm algorithm, Encoding encoding, String prefix) {
    Route route = route(algorithm, encoding, prefix);
    String signature = prefix + sign(algorithm, encoding, SECRET, BODY);

    assertThat(verify(route, signature, BODY)).isEqualTo(Verification.accepted("order.created", "d-1"));
    assertThat(status(verify(route, signature, utf8("{\"order\":43}")))).isEqualTo(401);
    assertThat(status(verify(route, prefix + sign(algorithm, encoding, "other", BODY), BODY))).isEqualTo(401);
    assertThat(status(verify(route, null, BODY))).isEqualTo(401);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("settings")
  void refusesASignatureMadeWithAnotherAlgorithm(Algorithm algorithm, Encoding encoding, String prefix) {
    Route route = route(algorithm, encoding, prefix);
    for (Algorithm other : Algorithm.values()) {
      if (other != algorithm) {
        assertThat(status(verify(route, prefix + sign(other, encoding, SECRET, BODY), BODY))).isEqualTo(401);
      }
    }
  }

  @Test
  void malformedSignaturesAre400() {
    Route hex = route(Algorithm.SHA256, Encoding.HEX, "sha256=");
    String good = sign(Algorithm.SHA256, Encoding.HEX, SECRET, BODY);
    assertThat(status(verify(hex, good, BODY))).as("missing prefix").isEqualTo(400);
    assertThat(status(verify(hex, "sha256=xyz", BODY))).as("not hex").isEqualTo(400);

    Route base64 = route(Algorithm.SHA256, Encoding.BASE64, "");
    assertThat(status(verify(base64, "***", BODY))).as("not base64").isEqualTo(400);
    assertThat(status(verify(base64, good, BODY))).as("hex where base64 is expected").isEqualTo(401);
  }

  @Test
  void aGenericRouteWithoutSettingsIsRefusedAtLoad() {
    Route route = TestRoutes.generic(null, SECRET);
    assertThatThrownBy(() -> VERIFIER.checkRoute(route)).hasMessageContaining("generic");
  }

  // Timestamp mode: the signed content is a template over the timestamp header and the raw body.
  private static final long TS = 1_767_225_600L;
  private static final Instant SIGNED_AT = Instant.ofEpochSecond(TS);
  private static final byte[] BINARY_BODY = {'{', (byte) 0xC3, (byte) 0x28, '}'}; // not valid UTF-8

  static Stream<Arguments> timestampOutcomes() {
    String ts = String.valueOf(TS);
    String defaultTemplate = "sha256=" + hex(SECRET, Signatures.concat(utf8(ts + "."), BINARY_BODY));
    String customTemplate = "sha256=" + hex(SECRET,
        Signatures.concat(Signatures.concat(utf8("v1:" + ts + ":"), BINARY_BODY), utf8(":" + ts)));
    return Stream.of(
        Arguments.of("default template", null, defaultTemplate, ts, BINARY_BODY, SIGNED_AT, 200),
        Arguments.of("custom template, body bytes kept", "v1:{timestamp}:{body}:{timestamp}", customTemplate, ts,
            BINARY_BODY, SIGNED_AT, 200),
        Arguments.of("body signed without the timestamp", null, "sha256=" + hex(SECRET, BINARY_BODY), ts,
            BINARY_BODY, SIGNED_AT, 401),
        Arguments.of("tampered body", null, defaultTemplate, ts, utf8("{}"), SIGNED_AT, 401),
        Arguments.of("timestamp header changed", null, defaultTemplate, String.valueOf(TS + 1), BINARY_BODY,
            SIGNED_AT, 401),
        Arguments.of("wrong secret", null, "sha256=" + hex("other", Signatures.concat(utf8(ts + "."), BINARY_BODY)),
            ts, BINARY_BODY, SIGNED_AT, 401),
        Arguments.of("within tolerance (old)", null, defaultTemplate, ts, BINARY_BODY, SIGNED_AT.plusSeconds(300),
            200),
        Arguments.of("stale", null, defaultTemplate, ts, BINARY_BODY, SIGNED_AT.plusSeconds(301), 401),
        Arguments.of("future", null, defaultTemplate, ts, BINARY_BODY, SIGNED_AT.minusSeconds(301), 401),
        Arguments.of("timestamp missing", null, defaultTemplate, null, BINARY_BODY, SIGNED_AT, 401),
        Arguments.of("timestamp not a number", null, defaultTemplate, "2026-01-01", BINARY_BODY, SIGNED_AT, 400),
        Arguments.of("signature missing", null, null, ts, BINARY_BODY, SIGNED_AT, 401),
        Arguments.of("signature malformed", null, "sha256=zz", ts, BINARY_BODY, SIGNED_AT, 400));
  }

  @ParameterizedTest(name = "{0} -> {6}")
  @MethodSource("timestampOutcomes")
  void verifiesASignedTimestamp(String name, String template, String signature, String timestamp, byte[] body,
      Instant now, int expected) {
    Route route = TestRoutes.generic(new GenericHmac("X-Signature", Algorithm.SHA256, Encoding.HEX, "sha256=", null,
        null, "X-Timestamp", template, null), SECRET);
    Map<String, String> headers = new HashMap<>();
    if (signature != null) {
      headers.put("X-Signature", signature);
    }
    if (timestamp != null) {
      headers.put("X-Timestamp", timestamp);
    }
    Verification result = VERIFIER.verify(InboundDelivery.of(headers, body), List.of(VERIFIER.key(SECRET)), route, now);
    assertThat(status(result)).isEqualTo(expected);
  }

  @Test
  void theRouteToleranceReplacesTheDefault() {
    Route route = TestRoutes.withTolerance(TestRoutes.generic(new GenericHmac("X-Signature", Algorithm.SHA256,
        Encoding.HEX, "", null, null, "X-Timestamp", null, null), SECRET), 5);
    String ts = String.valueOf(TS);
    InboundDelivery delivery = InboundDelivery.of(Map.of("X-Timestamp", ts,
        "X-Signature", hex(SECRET, Signatures.concat(utf8(ts + "."), BODY))), BODY);
    List<byte[]> keys = List.of(VERIFIER.key(SECRET));
    assertThat(status(VERIFIER.verify(delivery, keys, route, SIGNED_AT.plusSeconds(5)))).isEqualTo(200);
    assertThat(status(VERIFIER.verify(delivery, keys, route, SIGNED_AT.minusSeconds(6)))).isEqualTo(401);
  }

  static Stream<Arguments> tokenOutcomes() {
    return Stream.of(
        Arguments.of("the current token", "token-new", 200),
        Arguments.of("the previous token", "token-old", 200),
        Arguments.of("another token", "token-bad", 401),
        Arguments.of("a prefix", "token-ne", 401),
        Arguments.of("longer", "token-new-", 401),
        Arguments.of("missing", null, 401));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("tokenOutcomes")
  void comparesAStaticTokenAgainstEverySecret(String name, String token, int expected) {
    Route route = TestRoutes.generic(
        new GenericHmac(null, null, null, null, "X-Event", "X-Delivery", null, null, "X-Token"), SECRET);
    Map<String, String> headers = new HashMap<>(Map.of("X-Event", "order.created", "X-Delivery", "d-1"));
    if (token != null) {
      headers.put("x-token", token);
    }
    Verification result = VERIFIER.verify(InboundDelivery.of(headers, BODY),
        List.of(VERIFIER.key("token-new"), VERIFIER.key("token-old")), route, NOW);
    assertThat(status(result)).isEqualTo(expected);
    if (expected == 200) {
      assertThat(result).isEqualTo(Verification.accepted("order.created", "d-1"));
    }
  }

  @Test
  void aTimestampTemplateWithoutTimestampHeaderIsRefusedAtLoad() {
    Route route = TestRoutes.generic(new GenericHmac("X-Signature", null, null, null, null, null, null,
        "{timestamp}.{body}", null), SECRET);
    assertThatThrownBy(() -> VERIFIER.checkRoute(route)).hasMessageContaining("timestampHeader");
  }

  private static String hex(String secret, byte[] content) {
    return HexFormat.of().formatHex(Signatures.hmac("HmacSHA256", utf8(secret), content));
  }

  private static Route route(Algorithm algorithm, Encoding encoding, String prefix) {
    return TestRoutes.generic(
        new GenericHmac("X-Signature", algorithm, encoding, prefix, "X-Event", "X-Delivery"), SECRET);
  }

  private static String sign(Algorithm algorithm, Encoding encoding, String secret, byte[] body) {
    byte[] digest = Signatures.hmac(algorithm.jcaName(), utf8(secret), body);
    return encoding == Encoding.HEX
        ? HexFormat.of().formatHex(digest)
        : Base64.getEncoder().encodeToString(digest);
  }

  private static Verification verify(Route route, String signature, byte[] body) {
    Map<String, String> headers = signature == null
        ? Map.of("X-Event", "order.created", "X-Delivery", "d-1")
        : Map.of("x-signature", signature, "X-Event", "order.created", "X-Delivery", "d-1");
    return VERIFIER.verify(InboundDelivery.of(headers, body), List.of(VERIFIER.key(SECRET)), route, NOW);
  }

  private static int status(Verification verification) {
    return verification instanceof Verification.Rejected rejected ? rejected.httpStatus() : 200;
  }
}
