package dev.hookgate.receiver.http;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.EndpointRef;
import dev.hookgate.routing.GenericHmac;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.ReceiverStatus;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.SigningSecret;
import dev.hookgate.routing.Target;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver over real HTTP, with stub targets on loopback and a hand-written routes file: a genuine delivery is
 * answered 202 once stored, and reaches its target afterwards.
 */
class WebhookHttpTest {

  private static final String SECRET = "gh-secret";
  private static final String SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String TWILIO_TOKEN = "twilio-auth-token";
  private static final URI TWILIO_URL = URI.create("https://hooks.example.com/h/tw");

  @TempDir static Path dir;
  private static StubTarget target;
  /** Fails or hangs: its retries must not mix with what the working target gets. */
  private static StubTarget failing;
  private static RunningReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    target = new StubTarget();
    failing = new StubTarget();
    URI closedPort = URI.create("http://127.0.0.1:" + RunningReceiver.freePort() + "/");
    List<Route> routes = List.of(
        TestRoutes.withGeneration(
            TestRoutes.route("gh", ProviderType.GITHUB, SECRET, target.url("/ok"), "push", "ping"), 7),
        TestRoutes.route("gh-fail", ProviderType.GITHUB, SECRET, failing.url("/fail")),
        TestRoutes.route("gh-down", ProviderType.GITHUB, SECRET, closedPort),
        TestRoutes.withTimeout(TestRoutes.route("gh-hang", ProviderType.GITHUB, SECRET, failing.url("/hang")), 300),
        TestRoutes.route("sw", ProviderType.STANDARD_WEBHOOKS, SW_SECRET, target.url("/ok")),
        TestRoutes.withSourceRanges(
            TestRoutes.route("gh-ranged", ProviderType.GITHUB, SECRET, target.url("/ok")), "203.0.113.0/24"),
        TestRoutes.route("stripe", ProviderType.STRIPE, "whsec_x", target.url("/ok")),
        TestRoutes.withPublicUrl(TestRoutes.route("tw", ProviderType.TWILIO, TWILIO_TOKEN, target.url("/ok")),
            TWILIO_URL),
        new Route("gen", new EndpointRef("shop", "gen", 1), ProviderType.GENERIC,
            new GenericHmac("X-Signature", GenericHmac.Algorithm.SHA512, GenericHmac.Encoding.BASE64, "", null, null),
            List.of(SigningSecret.current(SECRET)), List.of(), new Target(target.url("/ok"), 2_000)));
    Path file = TestRoutes.writeTable(dir, routes);
    receiver = new RunningReceiver(file);
  }

  @AfterAll
  static void stop() {
    receiver.close();
    target.close();
    failing.close();
  }

  @BeforeEach
  void forgetEarlierRequests() {
    target.received().clear();
  }

  @Test
  void forwardsAGenuineGitHubDeliveryByteIdenticalWithProviderAndHookgateHeaders() throws Exception {
    byte[] body = "{\n  \"ref\": \"refs/heads/main\",\t\"author\": \"Zoë ✓\" }\r\n".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response = receiver.post("gh", Map.of(
        "Content-Type", "application/json",
        "X-Hub-Signature-256", Signatures.gitHub(SECRET, body),
        "X-GitHub-Event", "push",
        "X-GitHub-Delivery", "d-123",
        "X-GitHub-Hook-ID", "42",
        "User-Agent", "GitHub-Hookshot/abc",
        "X-Hookgate-Endpoint", "evil/spoofed"), body);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("accepted");
    StubTarget.Received received = target.next();
    assertThat(received.path()).isEqualTo("/ok");
    assertThat(received.body()).isEqualTo(body);
    assertThat(received.header("Content-Type")).isEqualTo("application/json");
    assertThat(received.header("X-Hub-Signature-256")).isEqualTo(Signatures.gitHub(SECRET, body));
    assertThat(received.header("X-GitHub-Event")).isEqualTo("push");
    assertThat(received.header("X-GitHub-Hook-ID")).isEqualTo("42");
    assertThat(received.header("User-Agent")).isEqualTo("GitHub-Hookshot/abc");
    assertThat(received.headers().get("X-Hookgate-Endpoint")).containsExactly("shop/gh");
    assertThat(received.header("X-Hookgate-Event-Type")).isEqualTo("push");
    assertThat(received.header("X-Hookgate-Delivery-Id")).isEqualTo("d-123");
    assertThat(received.header("X-Hookgate-Attempt")).isEqualTo("1");
    assertThat(target.received()).isEmpty();
  }

  @Test
  void forwardsAFormEncodedBodyUnparsed() {
    byte[] body = utf8("payload=%7B%22zen%22%3A%22hi%22%7D&b=1&b=2");
    HttpResponse<String> response = receiver.post("gh", Map.of(
        "Content-Type", "application/x-www-form-urlencoded",
        "X-Hub-Signature-256", Signatures.gitHub(SECRET, body),
        "X-GitHub-Event", "ping"), body);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(target.next().body()).isEqualTo(body);
  }

  @Test
  void forgedOrUnsignedDeliveriesAre401AndNeverReachTheTarget() {
    byte[] body = utf8("{\"ref\":\"main\"}");
    HttpResponse<String> forged = receiver.post("gh", Map.of(
        "Content-Type", "application/json",
        "X-Hub-Signature-256", Signatures.gitHub("guessed", body),
        "X-GitHub-Event", "push"), body);
    HttpResponse<String> unsigned = receiver.post("gh", Map.of(
        "Content-Type", "application/json", "X-GitHub-Event", "push"), body);

    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).isEqualTo("signature does not match");
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(target.received()).isEmpty();
  }

  @Test
  void malformedSignatureIs400AndUnexpectedContentTypeIs415() {
    byte[] body = utf8("{}");
    assertThat(receiver.post("gh", Map.of("Content-Type", "application/json",
        "X-Hub-Signature-256", "sha256=not-hex"), body).statusCode()).isEqualTo(400);
    assertThat(receiver.post("gh", Map.of("Content-Type", "text/plain",
        "X-Hub-Signature-256", Signatures.gitHub(SECRET, body)), body).statusCode()).isEqualTo(415);
    assertThat(target.received()).isEmpty();
  }

  @Test
  void withoutTrustedProxiesASpoofedForwardedForDoesNotGetPastSourceRanges() {
    byte[] body = utf8("{}");
    HttpResponse<String> response = receiver.post("gh-ranged", Map.of(
        "Content-Type", "application/json",
        "X-Hub-Signature-256", Signatures.gitHub(SECRET, body),
        "X-GitHub-Event", "push",
        "X-Forwarded-For", "203.0.113.7"), body);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(target.received()).isEmpty();
  }

  @Test
  void unknownSlugIs404() {
    HttpResponse<String> response = receiver.post("no-such-slug", Map.of("Content-Type", "application/json"),
        utf8("{}"));
    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void oversizeBodyIs413() {
    byte[] body = new byte[(int) RunningReceiver.MAX_BODY_BYTES + 1];
    Arrays.fill(body, (byte) 'a');
    HttpResponse<String> response = receiver.post("gh", Map.of(
        "Content-Type", "application/json", "X-Hub-Signature-256", Signatures.gitHub(SECRET, body)), body);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(target.received()).isEmpty();
  }

  @Test
  void filteredEventTypeIs202AndNotForwarded() {
    byte[] body = utf8("{\"action\":\"opened\"}");
    HttpResponse<String> response = receiver.post("gh", Map.of(
        "Content-Type", "application/json",
        "X-Hub-Signature-256", Signatures.gitHub(SECRET, body),
        "X-GitHub-Event", "issues"), body);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("filtered");
    assertThat(target.received()).isEmpty();
  }

  @Test
  void aFailingDownOrSlowTargetDoesNotChangeTheAnswerAndIsRetried() {
    byte[] body = utf8("{}");
    Map<String, String> headers = Map.of(
        "Content-Type", "application/json",
        "X-Hub-Signature-256", Signatures.gitHub(SECRET, body),
        "X-GitHub-Event", "push");

    assertThat(receiver.post("gh-fail", headers, body).statusCode()).as("target answers 500").isEqualTo(202);
    assertThat(receiver.post("gh-down", headers, body).statusCode()).as("target down").isEqualTo(202);
    assertThat(receiver.post("gh-hang", headers, body).statusCode()).as("target too slow").isEqualTo(202);

    StubTarget.Received first = failing.next();
    assertThat(first.header("X-Hookgate-Attempt")).isEqualTo("1");
    await().atMost(Duration.ofSeconds(10)).until(() -> failing.received().stream()
        .filter(request -> request.path().equals("/fail"))
        .anyMatch(request -> "3".equals(request.header("X-Hookgate-Attempt"))));
    assertThat(target.received()).isEmpty();
  }

  @Test
  void aStripeDeliveryIsForwardedWithItsEventIdAndAnUnsignedOneIs401() {
    byte[] body = utf8("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\"}");
    HttpResponse<String> unsigned = receiver.post("stripe", Map.of("Content-Type", "application/json"), body);
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(target.received()).isEmpty();

    HttpResponse<String> signed = receiver.post("stripe", Map.of("Content-Type", "application/json",
        "Stripe-Signature", Signatures.stripe("whsec_x", Instant.now().getEpochSecond(), body)), body);

    assertThat(signed.statusCode()).isEqualTo(202);
    StubTarget.Received received = target.next();
    assertThat(received.body()).isEqualTo(body);
    assertThat(received.header("X-Hookgate-Event-Type")).isEqualTo("invoice.paid");
    assertThat(received.header("X-Hookgate-Delivery-Id")).isEqualTo("evt_1");
  }

  @Test
  void aTwilioDeliveryIsVerifiedAgainstThePublicUrlWithTheQueryItWasSentTo() {
    byte[] body = utf8("CallSid=CA1&CallStatus=completed&Caller=%2B14158675309");
    String signature = Signatures.twilio(TWILIO_TOKEN, TWILIO_URL + "?tenant=a%20b&x=1", Map.of(
        "CallSid", List.of("CA1"), "CallStatus", List.of("completed"), "Caller", List.of("+14158675309")));
    Map<String, String> headers = Map.of(
        "Content-Type", "application/x-www-form-urlencoded", "X-Twilio-Signature", signature);

    assertThat(receiver.post("tw?tenant=a%20b&x=2", headers, body).statusCode()).as("other query").isEqualTo(401);
    assertThat(target.received()).isEmpty();
    HttpResponse<String> response = receiver.post("tw?tenant=a%20b&x=1", headers, body);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(target.next().header("X-Hookgate-Event-Type")).isEqualTo("completed");
  }

  @Test
  void aTwilioCallbackSentWithGetIsVerifiedOverItsUrlAndReachesTheTargetAsAFormPost() {
    String query = "CallSid=CA1&CallStatus=completed&Caller=%2B14158675309";
    // A GET carries no form: Twilio signs the URL, query included, and nothing else.
    String signature = Signatures.twilio(TWILIO_TOKEN, TWILIO_URL + "?" + query, Map.of());
    Map<String, String> headers = Map.of("X-Twilio-Signature", signature, "I-Twilio-Idempotency-Token", "it-get-1");

    assertThat(receiver.getWebhook("tw?CallSid=CA1&CallStatus=busy&Caller=%2B14158675309", headers).statusCode())
        .as("another query than the one signed").isEqualTo(401);
    assertThat(target.received()).isEmpty();
    HttpResponse<String> response = receiver.getWebhook("tw?" + query, headers);

    assertThat(response.statusCode()).isEqualTo(202);
    StubTarget.Received forwarded = target.next();
    assertThat(new String(forwarded.body(), StandardCharsets.UTF_8)).isEqualTo(query);
    assertThat(forwarded.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(forwarded.header("X-Hookgate-Event-Type")).isEqualTo("completed");
    assertThat(forwarded.header("X-Twilio-Signature")).isEqualTo(signature);
    // Twilio's retry of it, as a GET again, is the same delivery
    assertThat(receiver.getWebhook("tw?" + query, headers).body()).isEqualTo("duplicate");
  }

  @Test
  void aGetToAProviderThatOnlyPostsIsRefusedWith405() {
    HttpResponse<String> response = receiver.getWebhook("gh", Map.of());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("POST");
    assertThat(receiver.getWebhook("nope", Map.of()).statusCode()).isEqualTo(404);
    assertThat(target.received()).isEmpty();
  }

  @Test
  void standardWebhooksDeliveryCarriesItsIdAndBodyType() throws Exception {
    byte[] body = utf8("{\"type\":\"invoice.paid\"}");
    long now = Instant.now().getEpochSecond();
    HttpResponse<String> response = receiver.post("sw", Map.of(
        "Content-Type", "application/json",
        "webhook-id", "msg_1",
        "webhook-timestamp", String.valueOf(now),
        "webhook-signature", Signatures.standardWebhooks(SW_SECRET, "msg_1", now, body)), body);

    assertThat(response.statusCode()).isEqualTo(202);
    StubTarget.Received received = target.next();
    assertThat(received.header("X-Hookgate-Event-Type")).isEqualTo("invoice.paid");
    assertThat(received.header("X-Hookgate-Delivery-Id")).isEqualTo("msg_1");
    assertThat(received.header("X-Hookgate-Endpoint")).isEqualTo("shop/sw");
  }

  @Test
  void aDeliveryWithoutProviderIdGetsAGeneratedOne() {
    byte[] body = utf8("anything at all");
    String signature = Base64.getEncoder()
        .encodeToString(Signatures.hmac("HmacSHA512", utf8(SECRET), body));
    HttpResponse<String> response = receiver.post("gen", Map.of(
        "Content-Type", "text/plain", "X-Signature", signature), body);

    assertThat(response.statusCode()).isEqualTo(202);
    StubTarget.Received received = target.next();
    assertThat(received.header("X-Hookgate-Delivery-Id")).as("ours, the same on every attempt")
        .matches("hookgate-[0-9]+");
    assertThat(received.header("X-Hookgate-Event-Type")).isNull();
  }

  @Test
  void managementEndpointsAreOnlyOnTheInternalPortAndWebhooksOnlyOnThePublicOne() {
    assertThat(receiver.get(receiver.publicUri("/internal/routes")).statusCode()).isEqualTo(404);
    assertThat(receiver.get(receiver.publicUri("/internal/health")).statusCode()).isEqualTo(404);
    assertThat(receiver.get(receiver.internalUri("/internal/beans")).statusCode()).isEqualTo(404);

    HttpResponse<String> health = receiver.get(receiver.internalUri("/internal/health"));
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");

    HttpResponse<String> onPublic = receiver.post("gh", Map.of("Content-Type", "application/json"), utf8("{}"));
    assertThat(onPublic.statusCode()).as("the public port serves webhooks").isEqualTo(401);
    assertThat(receiver.get(receiver.internalUri("/h/gh")).statusCode()).isEqualTo(404);
  }

  @Test
  void internalRoutesReportsServedRoutesWithGenerationsAndLastEventTime() {
    Instant before = Instant.now();
    byte[] body = utf8("{\"zen\":\"hi\"}");
    assertThat(receiver.post("gh", Map.of(
        "Content-Type", "application/json",
        "X-Hub-Signature-256", Signatures.gitHub(SECRET, body),
        "X-GitHub-Event", "ping"), body).statusCode()).isEqualTo(202);
    target.next(); // delivered before the next test looks at the target

    ReceiverStatus status = receiver.status();

    assertThat(status.loadError()).isNull();
    assertThat(status.loadedAt()).isNotNull();
    assertThat(status.routes()).extracting(ReceiverStatus.ServedRoute::slug)
        .containsExactlyInAnyOrder("gh", "gh-fail", "gh-down", "gh-hang", "sw", "gh-ranged", "stripe", "tw", "gen");
    ReceiverStatus.ServedRoute gh = served(status, "gh");
    assertThat(gh.endpoint()).isEqualTo(new EndpointRef("shop", "gh", 7));
    assertThat(gh.lastEventTime()).isAfterOrEqualTo(before);
    assertThat(served(status, "gh-down").lastEventTime()).as("never delivered").isNull();
  }

  private static ReceiverStatus.ServedRoute served(ReceiverStatus status, String slug) {
    return status.routes().stream().filter(route -> route.slug().equals(slug)).findFirst().orElseThrow();
  }
}
