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
