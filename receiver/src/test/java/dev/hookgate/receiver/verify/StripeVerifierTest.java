package dev.hookgate.receiver.verify;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.stripe.net.Webhook;
import dev.hookgate.receiver.testing.Outcomes;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StripeVerifierTest {

  private static final StripeVerifier VERIFIER = new StripeVerifier();

  // The vector from providers.md (stripe-java's algorithm; Stripe's Node generateTestHeaderString agrees).
  private static final String SECRET = "whsec_test_secret";
  private static final String BODY = "{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}";
  private static final long T = 12345;
  private static final String V1 = "2672d138c9a412830f3bfe2ecc5bfb3277cf6f5b49d0119d77dd6cb64da1257e";
  private static final String VECTOR = "t=12345,v1=" + V1;
  private static final Instant AT = Instant.ofEpochSecond(T);

  private static final Route ROUTE = route(null);

  @Test
  void acceptsTheVectorTakingIdFromTheBody() {
    assertThat(verify(VECTOR, BODY, AT)).isEqualTo(new Verification.Accepted(null, "evt_test_webhook",
        "evt_test_webhook"));
  }

  @Test
  void takesTheTypeFromTheBody() {
    String body = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\"}";
    assertThat(verify(Signatures.stripe(SECRET, T, utf8(body)), body, AT))
        .isEqualTo(new Verification.Accepted("invoice.paid", "evt_1", "evt_1"));
  }

  static Stream<Arguments> outcomes() {
    String other = "v1=" + Signatures.stripe("whsec_other", T, utf8(BODY)).split(",v1=")[1];
    return Stream.of(
        Arguments.of("vector", VECTOR, BODY, AT, 200),
        Arguments.of("tampered body", VECTOR, BODY + " ", AT, 401),
        Arguments.of("wrong secret", Signatures.stripe("whsec_other", T, utf8(BODY)), BODY, AT, 401),
        Arguments.of("whsec_ prefix left out of the key", Signatures.stripe("test_secret", T, utf8(BODY)), BODY, AT,
            401),
        Arguments.of("signed timestamp changed", "t=12346,v1=" + V1, BODY, AT, 401),
        Arguments.of("just within tolerance (old)", VECTOR, BODY, AT.plusSeconds(300), 200),
        Arguments.of("stale timestamp", VECTOR, BODY, AT.plusSeconds(301), 401),
        Arguments.of("just within tolerance (new)", VECTOR, BODY, AT.minusSeconds(300), 200),
        Arguments.of("future timestamp", VECTOR, BODY, AT.minusSeconds(301), 401),
        Arguments.of("missing header", null, BODY, AT, 401),
        Arguments.of("no v1 signature", "t=12345,v0=" + V1, BODY, AT, 401),
        Arguments.of("no timestamp", "v1=" + V1, BODY, AT, 400),
        Arguments.of("timestamp not a number", "t=soon,v1=" + V1, BODY, AT, 400),
        Arguments.of("item without =", "t=12345,v1", BODY, AT, 400),
        Arguments.of("v1 not hex", "t=12345,v1=zz", BODY, AT, 400),
        Arguments.of("several v1, one matches", "t=12345," + other + ",v1=" + V1, BODY, AT, 200),
        Arguments.of("several v1, none matches", "t=12345," + other + "," + other, BODY, AT, 401),
        Arguments.of("v0 and unknown schemes skipped", "t=12345,v0=abc,v9=x,v1=" + V1, BODY, AT, 200),
        Arguments.of("genuine but not JSON", Signatures.stripe(SECRET, T, utf8("evt")), "evt", AT, 400));
  }

  @ParameterizedTest(name = "{0} -> {4}")
  @MethodSource("outcomes")
  void verifies(String name, String header, String body, Instant now, int expected) {
    assertThat(Outcomes.status(verify(header, body, now))).isEqualTo(expected);
  }

  @Test
  void theRouteToleranceReplacesTheDefault() {
    Route strict = route(10);
    assertThat(Outcomes.status(verify(strict, VECTOR, BODY, AT.plusSeconds(10)))).isEqualTo(200);
    assertThat(Outcomes.status(verify(strict, VECTOR, BODY, AT.plusSeconds(11)))).isEqualTo(401);
  }

  @Test
  void aHeaderFromOurTestSignerIsAcceptedByStripeJavaAndByHookgate() {
    long now = 1_767_225_600L;
    String header = Signatures.stripe(SECRET, now, utf8(BODY));
    Clock clock = Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);

    assertThatCode(() -> Webhook.constructEvent(BODY, header, SECRET, Webhook.DEFAULT_TOLERANCE, clock))
        .doesNotThrowAnyException();
    assertThat(verify(header, BODY, Instant.ofEpochSecond(now))).isInstanceOf(Verification.Accepted.class);
  }

  @Test
  void aHeaderMadeByStripeJavaIsAcceptedByHookgate() throws Exception {
    String header = Webhook.Signature.generateSignatureHeader(BODY, SECRET, T);
    assertThat(header).as("stripe-java reproduces the vector").isEqualTo(VECTOR);
    assertThat(verify(header, BODY, AT)).isInstanceOf(Verification.Accepted.class);
  }

  private static Verification verify(String header, String body, Instant now) {
    return verify(ROUTE, header, body, now);
  }

  private static Verification verify(Route route, String header, String body, Instant now) {
    Map<String, String> headers = header == null
        ? Map.of("Content-Type", "application/json")
        : Map.of("Content-Type", "application/json", "Stripe-Signature", header);
    return VERIFIER.verify(InboundDelivery.of(headers, utf8(body)), List.of(VERIFIER.key(SECRET)), route, now);
  }

  private static Route route(Integer toleranceSeconds) {
    return TestRoutes.withTolerance(
        TestRoutes.route("st", ProviderType.STRIPE, SECRET, URI.create("http://127.0.0.1/")), toleranceSeconds);
  }
}
