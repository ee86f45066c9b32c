package dev.hookgate.receiver.verify;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
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
  void aGenuineDeliveryWhoseBodyIsNotJsonIs400() {
    String signature = Signatures.standardWebhooks(SECRET, ID, TIMESTAMP, utf8("not json"));
    assertThat(verify(SECRET, headers(ID, String.valueOf(TIMESTAMP), signature), "not json", SENT))
        .isEqualTo(new Verification.Rejected(400, "body is not valid JSON"));
  }

  @Test
  void theRouteToleranceReplacesTheDefault() {
    Route strict = TestRoutes.withTolerance(ROUTE, 60);
    InboundDelivery delivery = InboundDelivery.of(headers(ID, String.valueOf(TIMESTAMP), SIGNATURE), utf8(BODY));
    List<byte[]> keys = List.of(VERIFIER.key(SECRET));
    assertThat(VERIFIER.verify(delivery, keys, strict, SENT.plusSeconds(60)))
        .isInstanceOf(Verification.Accepted.class);
    assertThat(VERIFIER.verify(delivery, keys, strict, SENT.plusSeconds(61))).isEqualTo(Verification.stale());
    assertThat(VERIFIER.verify(delivery, keys, strict, SENT.minusSeconds(61))).isEqualTo(Verification.stale());
  }

  @Test
  void aSignatureFromTheStandardWebhooksLibraryIsAcceptedByHookgate() throws Exception {
    String signature = new Webhook(SECRET).sign(ID, TIMESTAMP, BODY);

    assertThat(signature).as("the library reproduces the official vector").isEqualTo(SIGNATURE);
    assertThat(verify(SECRET, headers(ID, String.valueOf(TIMESTAMP), signature), BODY, SENT))
        .isInstanceOf(Verification.Accepted.class);
  }

  @Test
  void aSignatureFromOurTestSignerIsAcceptedByTheStandardWebhooksLibrary() throws Exception {
    // The library checks the timestamp against its own clock, so this one is signed now.
    long now = Instant.now().getEpochSecond();
    String body = "{\"type\":\"user.created\",\"data\":{\"id\":\"u_1\"}}";
    String signature = Signatures.standardWebhooks(SECRET, "msg_now", now, utf8(body));
    Map<String, List<String>> headers = Map.of("webhook-id", List.of("msg_now"),
        "webhook-timestamp", List.of(String.valueOf(now)), "webhook-signature", List.of(signature));

    assertThatCode(() -> new Webhook(SECRET).verify(body, headers)).doesNotThrowAnyException();
    assertThatThrownBy(() -> new Webhook(SECRET).verify(body + " ", headers))
        .as("the library is really checking").isInstanceOf(WebhookVerificationException.class);
    assertThat(verify(SECRET, headers("msg_now", String.valueOf(now), signature), body, Instant.ofEpochSecond(now)))
        .isEqualTo(Verification.accepted("user.created", "msg_now"));
  }

  // v1a: Ed25519 with a whpk_ public key. No published vector; a key pair made here signs.
  private static final KeyPair ED25519 = ed25519KeyPair();
  private static final String PUBLIC_KEY = "whpk_" + Base64.getEncoder().encodeToString(rawPublicKey(ED25519));

  static Stream<Arguments> ed25519Outcomes() {
    String ts = String.valueOf(TIMESTAMP);
    String good = "v1a," + ed25519Sign(ED25519, ID + "." + ts + "." + BODY);
    String otherKey = "v1a," + ed25519Sign(ed25519KeyPair(), ID + "." + ts + "." + BODY);
    String shortSignature = "v1a," + Base64.getEncoder().encodeToString(new byte[63]);
    return Stream.of(
        Arguments.of("genuine", List.of(PUBLIC_KEY), headers(ID, ts, good), BODY, SENT, 200),
        Arguments.of("tampered body", List.of(PUBLIC_KEY), headers(ID, ts, good), BODY + " ", SENT, 401),
        Arguments.of("tampered id", List.of(PUBLIC_KEY), headers("msg_x", ts, good), BODY, SENT, 401),
        Arguments.of("signed by another key", List.of(PUBLIC_KEY), headers(ID, ts, otherKey), BODY, SENT, 401),
        Arguments.of("stale", List.of(PUBLIC_KEY), headers(ID, ts, good), BODY, SENT.plusSeconds(301), 401),
        Arguments.of("future", List.of(PUBLIC_KEY), headers(ID, ts, good), BODY, SENT.minusSeconds(301), 401),
        Arguments.of("signature of the wrong length", List.of(PUBLIC_KEY), headers(ID, ts, shortSignature), BODY,
            SENT, 401),
        Arguments.of("not base64", List.of(PUBLIC_KEY), headers(ID, ts, "v1a,@@"), BODY, SENT, 400),
        Arguments.of("v1a but the route only has an HMAC secret", List.of(SECRET), headers(ID, ts, good), BODY,
            SENT, 401),
        Arguments.of("v1 but the route only has a public key", List.of(PUBLIC_KEY), headers(ID, ts, SIGNATURE), BODY,
            SENT, 401),
        Arguments.of("both kinds of key, a bad v1 and a good v1a", List.of(SECRET, PUBLIC_KEY),
            headers(ID, ts, "v1,AAAA " + good), BODY, SENT, 200),
        Arguments.of("both kinds of key, a good v1 and a bad v1a", List.of(PUBLIC_KEY, SECRET),
            headers(ID, ts, otherKey + " " + SIGNATURE), BODY, SENT, 200));
  }

  @ParameterizedTest(name = "{0} -> {5}")
  @MethodSource("ed25519Outcomes")
  void verifiesV1aEd25519Signatures(String name, List<String> secrets, Map<String, String> headers, String body,
      Instant now, int expected) {
    List<byte[]> keys = secrets.stream().map(VERIFIER::key).toList();
    Verification result = VERIFIER.verify(InboundDelivery.of(headers, utf8(body)), keys, ROUTE, now);
    assertThat(result instanceof Verification.Rejected r ? r.httpStatus() : 200).isEqualTo(expected);
  }

  @Test
  void refusesAPublicKeyThatIsNotA32ByteKeyWithoutQuotingIt() {
    String tooShort = "whpk_" + Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> VERIFIER.key(tooShort))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whpk_")
        .hasMessageNotContaining(tooShort.substring(5));
    assertThatThrownBy(() -> VERIFIER.key("whpk_not*base64")).hasMessageNotContaining("not*base64");
    assertThatThrownBy(() -> VERIFIER.key("whsec_")).isInstanceOf(IllegalArgumentException.class);
  }

  private static KeyPair ed25519KeyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The raw 32-byte key: the tail of its X.509 SubjectPublicKeyInfo encoding. */
  private static byte[] rawPublicKey(KeyPair pair) {
    byte[] spki = pair.getPublic().getEncoded();
    return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
  }

  private static String ed25519Sign(KeyPair pair, String content) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(pair.getPrivate());
      signer.update(utf8(content));
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
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
