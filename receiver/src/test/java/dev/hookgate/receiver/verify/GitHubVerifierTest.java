package dev.hookgate.receiver.verify;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

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

class GitHubVerifierTest {

  private static final GitHubVerifier VERIFIER = new GitHubVerifier();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Route ROUTE =
      TestRoutes.route("gh", ProviderType.GITHUB, "mysecret", URI.create("http://127.0.0.1/"));

  static Stream<Arguments> officialVectors() {
    return Stream.of(
        Arguments.of("It's a Secret to Everybody", "Hello, World!",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
        Arguments.of("mysecret", "{\"foo\":\"bar\"}",
            "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3"),
        Arguments.of("mysecret", "{\n  \"foo\": \"bar\"\n}\n",
            "sha256=e3eccac34c43c7dc1cbb905488b1b81347fcc700a7b025697a9d07862256023f"));
  }

  @ParameterizedTest
  @MethodSource("officialVectors")
  void acceptsOfficialVectors(String secret, String body, String signature) {
    assertThat(verify(secret, delivery(signature, body))).isInstanceOf(Verification.Accepted.class);
  }

  static Stream<Arguments> rejections() {
    String body = "{\"foo\":\"bar\"}";
    String good = Signatures.gitHub("mysecret", utf8(body));
    return Stream.of(
        Arguments.of("tampered body", delivery(good, body + " "), 401),
        Arguments.of("wrong secret", delivery(Signatures.gitHub("other", utf8(body)), body), 401),
        Arguments.of("missing header", delivery(null, body), 401),
        Arguments.of("uppercase hex of another digest", delivery("sha256=" + "AB".repeat(32), body), 401),
        Arguments.of("no sha256= prefix", delivery(good.substring("sha256=".length()), body), 400),
        Arguments.of("sha1 prefix", delivery("sha1=" + good.substring("sha256=".length()), body), 400),
        Arguments.of("not hex", delivery("sha256=" + "zz".repeat(32), body), 400),
        Arguments.of("odd hex length", delivery(good + "a", body), 400),
        Arguments.of("truncated digest", delivery(good.substring(0, good.length() - 2), body), 401));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("rejections")
  void rejects(String name, InboundDelivery delivery, int status) {
    assertThat(verify("mysecret", delivery))
        .isInstanceOfSatisfying(Verification.Rejected.class, r -> assertThat(r.httpStatus()).isEqualTo(status));
  }

  @Test
  void takesTypeAndDeliveryIdFromGitHubHeadersAndAcceptsPing() {
    byte[] body = utf8("{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}");
    InboundDelivery delivery = InboundDelivery.of(Map.of(
        "x-hub-signature-256", Signatures.gitHub("mysecret", body),
        "X-GitHub-Event", "ping",
        "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"), body);

    assertThat(verify("mysecret", delivery))
        .isEqualTo(Verification.accepted("ping", "72d3162e-cc78-11e3-81ab-4c9367dc0958"));
  }

  @Test
  void deduplicatesOnHookIdAndDeliveryBecauseHooksShareTheDeliveryGuid() {
    byte[] body = utf8("{\"ref\":\"main\"}");
    Map<String, String> headers = new HashMap<>(Map.of(
        "X-Hub-Signature-256", Signatures.gitHub("mysecret", body),
        "X-GitHub-Event", "push",
        "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        "X-GitHub-Hook-ID", "292430182"));

    assertThat(verify("mysecret", InboundDelivery.of(headers, body))).isEqualTo(new Verification.Accepted(
        "push", "72d3162e-cc78-11e3-81ab-4c9367dc0958", "292430182:72d3162e-cc78-11e3-81ab-4c9367dc0958"));

    headers.remove("X-GitHub-Delivery");
    assertThat(verify("mysecret", InboundDelivery.of(headers, body)))
        .isEqualTo(new Verification.Accepted("push", null, null));
  }

  @Test
  void rejectionReasonsRevealNothingAboutTheSecret() {
    Verification result = verify("mysecret", delivery("sha256=" + "00".repeat(32), "{}"));
    assertThat(((Verification.Rejected) result).reason()).isEqualTo("signature does not match");
  }

  private static Verification verify(String secret, InboundDelivery delivery) {
    return VERIFIER.verify(delivery, List.of(VERIFIER.key(secret)), ROUTE, NOW);
  }

  private static InboundDelivery delivery(String signature, String body) {
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
    if (signature != null) {
      headers.put("X-Hub-Signature-256", signature);
    }
    return InboundDelivery.of(headers, utf8(body));
  }
}
