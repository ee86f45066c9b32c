package dev.hookgate.receiver.verify;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class TwilioVerifierTest {

  private static final TwilioVerifier VERIFIER = new TwilioVerifier();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  // twilio-python's test vectors: https://mycompany.com/myapp.php?foo=1&bar=2, auth token 12345.
  private static final String TOKEN = "12345";
  private static final URI PUBLIC_URL = URI.create("https://mycompany.com/myapp.php");
  private static final String QUERY = "foo=1&bar=2";
  private static final String FORM = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234"
      + "&From=%2B14158675309&To=%2B18005551212";
  private static final String FORM_SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
  private static final String REPEATED = "Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234";
  private static final String REPEATED_SIGNATURE = "IK+Dwps556ElfBT0I3Rgjkr1wJU=";
  // twilio-python's JSON-body vector (recomputed independently): the URL carries the body's SHA-256.
  private static final String JSON = "{\"property\": \"value\", \"boolean\": true}";
  private static final String JSON_QUERY =
      QUERY + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
  private static final String JSON_SIGNATURE = "a9nBmqA0ju/hNViExpshrM61xv4=";

  private static final Route ROUTE = route(PUBLIC_URL);

  static Stream<Arguments> outcomes() {
    String formType = "application/x-www-form-urlencoded";
    String jsonType = "application/json";
    String forged = Signatures.twilio("54321", PUBLIC_URL + "?" + QUERY, Map.of());
    return Stream.of(
        Arguments.of("vector: form params", formType, FORM_SIGNATURE, QUERY, FORM, 200),
        Arguments.of("vector: repeated param, values sorted", formType, REPEATED_SIGNATURE, QUERY, REPEATED, 200),
        Arguments.of("repeated param in the other order", formType, REPEATED_SIGNATURE, QUERY,
            "Sid=CA123&SidAccount=AC123&Digits=1234&Digits=5678", 200),
        Arguments.of("vector: JSON body", jsonType, JSON_SIGNATURE, JSON_QUERY, JSON, 200),
        Arguments.of("tampered param", formType, FORM_SIGNATURE, QUERY, FORM.replace("1234", "1235"), 401),
        Arguments.of("extra param", formType, FORM_SIGNATURE, QUERY, FORM + "&x=1", 401),
        Arguments.of("tampered query", formType, FORM_SIGNATURE, "foo=1&bar=3", FORM, 401),
        Arguments.of("no query", formType, FORM_SIGNATURE, null, FORM, 401),
        Arguments.of("tampered JSON body", jsonType, JSON_SIGNATURE, JSON_QUERY, JSON.replace("true", "false"), 401),
        Arguments.of("JSON body hash removed", jsonType, JSON_SIGNATURE, QUERY, JSON, 401),
        Arguments.of("JSON body hash not hex", jsonType, JSON_SIGNATURE, QUERY + "&bodySHA256=xyz", JSON, 400),
        Arguments.of("wrong auth token", formType, Signatures.twilio("54321", PUBLIC_URL + "?" + QUERY,
            Map.of("CallSid", List.of("CA1234567890ABCDE"))), QUERY, "CallSid=CA1234567890ABCDE", 401),
        Arguments.of("wrong auth token, no params", formType, forged, QUERY, "", 401),
        Arguments.of("missing header", formType, null, QUERY, FORM, 401),
        Arguments.of("signature not base64", formType, "RSOYDt4T1c*", QUERY, FORM, 400),
        Arguments.of("broken percent escape in the form", formType, FORM_SIGNATURE, QUERY, FORM + "&x=%zz", 400));
  }

  @ParameterizedTest(name = "{0} -> {5}")
  @MethodSource("outcomes")
  void verifies(String name, String contentType, String signature, String query, String body, int expected) {
    assertThat(Outcomes.status(verify(ROUTE, contentType, signature, query, body))).isEqualTo(expected);
  }

  @Test
  void acceptsTheUrlWithOrWithoutTheDefaultPortWhicheverWayTheRouteSpellsIt() {
    String withPort = Signatures.twilio(TOKEN, "https://mycompany.com:443/myapp.php?" + QUERY,
        Map.of("CallSid", List.of("CA1")));
    String withoutPort = Signatures.twilio(TOKEN, "https://mycompany.com/myapp.php?" + QUERY,
        Map.of("CallSid", List.of("CA1")));
    String otherPort = Signatures.twilio(TOKEN, "https://mycompany.com:8443/myapp.php?" + QUERY,
        Map.of("CallSid", List.of("CA1")));
    Route spelledWithPort = route(URI.create("https://mycompany.com:443/myapp.php"));

    for (Route route : List.of(ROUTE, spelledWithPort)) {
      assertThat(Outcomes.status(verify(route, null, withPort, QUERY, "CallSid=CA1"))).isEqualTo(200);
      assertThat(Outcomes.status(verify(route, null, withoutPort, QUERY, "CallSid=CA1"))).isEqualTo(200);
      assertThat(Outcomes.status(verify(route, null, otherPort, QUERY, "CallSid=CA1"))).isEqualTo(401);
    }
    assertThat(TwilioVerifier.calledUrls(URI.create("http://h.example/p"), "a=1"))
        .containsExactly("http://h.example/p?a=1", "http://h.example:80/p?a=1");
  }

  @Test
  void typeIsTheStatusParamAndTheIdempotencyTokenIsTheDedupKey() {
    String body = "MessageSid=SM1&MessageStatus=delivered";
    String signature = Signatures.twilio(TOKEN, PUBLIC_URL.toString(),
        Map.of("MessageSid", List.of("SM1"), "MessageStatus", List.of("delivered")));
    InboundDelivery delivery = InboundDelivery.of(Map.of("Content-Type", "application/x-www-form-urlencoded",
        "X-Twilio-Signature", signature, "I-Twilio-Idempotency-Token", "idem-1"), utf8(body));

    assertThat(VERIFIER.verify(delivery, List.of(VERIFIER.key(TOKEN)), ROUTE, NOW))
        .isEqualTo(new Verification.Accepted("delivered", "idem-1", "idem-1"));
  }

  @Test
  void decodesFormValuesAsUtf8WithPlusAsSpace() {
    String body = "Body=Hello+w%C3%B6rld%21&From=%2B1555";
    String signature = Signatures.twilio(TOKEN, PUBLIC_URL.toString(),
        Map.of("Body", List.of("Hello wörld!"), "From", List.of("+1555")));
    assertThat(Outcomes.status(verify(ROUTE, null, signature, null, body))).isEqualTo(200);
  }

  @Test
  void aRouteWithoutPublicUrlIsRefusedAtLoad() {
    assertThatThrownBy(() -> VERIFIER.checkRoute(route(null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("publicUrl");
    assertThatThrownBy(() -> VERIFIER.checkRoute(route(URI.create("/h/relative"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
  }

  private static Verification verify(Route route, String contentType, String signature, String query, String body) {
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type",
        contentType == null ? "application/x-www-form-urlencoded" : contentType));
    if (signature != null) {
      headers.put("X-Twilio-Signature", signature);
    }
    InboundDelivery delivery = InboundDelivery.of(headers, utf8(body)).withRawQuery(query);
    return VERIFIER.verify(delivery, List.of(VERIFIER.key(TOKEN)), route, NOW);
  }

  private static Route route(URI publicUrl) {
    return TestRoutes.withPublicUrl(
        TestRoutes.route("tw", ProviderType.TWILIO, TOKEN, URI.create("http://127.0.0.1/")), publicUrl);
  }
}
