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

/** Bitbucket signs as GitHub does, under {@code X-Hub-Signature}: GitHub's vectors apply. */
class BitbucketVerifierTest {

  private static final BitbucketVerifier VERIFIER = new BitbucketVerifier();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Route ROUTE =
      TestRoutes.route("bb", ProviderType.BITBUCKET, "mysecret", URI.create("http://127.0.0.1/"));

  static Stream<Arguments> gitHubVectors() {
    return Stream.of(
        Arguments.of("It's a Secret to Everybody", "Hello, World!",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
        Arguments.of("mysecret", "{\"foo\":\"bar\"}",
            "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3"),
        Arguments.of("mysecret", "{\n  \"foo\": \"bar\"\n}\n",
            "sha256=e3eccac34c43c7dc1cbb905488b1b81347fcc700a7b025697a9d07862256023f"));
  }

  @ParameterizedTest
  @MethodSource("gitHubVectors")
  void acceptsGitHubsVectorsUnderXHubSignature(String secret, String body, String signature) {
    assertThat(verify(secret, delivery("X-Hub-Signature", signature, body))).isInstanceOf(Verification.Accepted.class);
  }

  static Stream<Arguments> outcomes() {
    String body = "{\"push\":{}}";
    String good = Signatures.gitHub("mysecret", utf8(body));
    return Stream.of(
        Arguments.of("genuine", delivery("X-Hub-Signature", good, body), 200),
        Arguments.of("tampered body", delivery("X-Hub-Signature", good, body + " "), 401),
        Arguments.of("wrong secret", delivery("X-Hub-Signature", Signatures.gitHub("other", utf8(body)), body), 401),
        Arguments.of("missing header", delivery(null, null, body), 401),
        Arguments.of("only GitHub's header", delivery("X-Hub-Signature-256", good, body), 401),
        Arguments.of("sha1 prefix", delivery("X-Hub-Signature", "sha1=" + good.substring(7), body), 400),
        Arguments.of("not hex", delivery("X-Hub-Signature", "sha256=xy", body), 400));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("outcomes")
  void verifies(String name, InboundDelivery delivery, int expected) {
    assertThat(Outcomes.status(verify("mysecret", delivery))).isEqualTo(expected);
  }

  @Test
  void typeIsTheEventKeyAndTheRequestUuidIsTheDedupKey() {
    String body = "{}";
    Map<String, String> headers = Map.of("Content-Type", "application/json",
        "X-Hub-Signature", Signatures.gitHub("mysecret", utf8(body)), "X-Event-Key", "repo:push",
        "X-Request-UUID", "{f2d7e1c5-0001}", "X-Hook-UUID", "{hook}", "X-Attempt-Number", "2");
    assertThat(verify("mysecret", InboundDelivery.of(headers, utf8(body))))
        .isEqualTo(new Verification.Accepted("repo:push", "{f2d7e1c5-0001}", "{f2d7e1c5-0001}"));
  }

  private static Verification verify(String secret, InboundDelivery delivery) {
    return VERIFIER.verify(delivery, List.of(VERIFIER.key(secret)), ROUTE, NOW);
  }

  private static InboundDelivery delivery(String header, String signature, String body) {
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
    if (header != null) {
      headers.put(header, signature);
    }
    return InboundDelivery.of(headers, utf8(body));
  }
}
