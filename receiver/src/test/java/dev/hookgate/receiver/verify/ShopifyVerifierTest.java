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

class ShopifyVerifierTest {

  private static final ShopifyVerifier VERIFIER = new ShopifyVerifier();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  // The (derived) vector from providers.md.
  private static final String SECRET = "hush";
  private static final String BODY = "{\"id\":1}";
  private static final String SIGNATURE = "VnKUjZsLuN5iZWjn5EntcBVCF9kMN43LglzCE1/GSeY=";

  private static final Route ROUTE = TestRoutes.route("sh", ProviderType.SHOPIFY, SECRET, URI.create("http://127.0.0.1/"));

  @Test
  void acceptsTheVectorUnderTheClassicHeadersWithTopicAndWebhookId() {
    Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Shopify-Hmac-Sha256", SIGNATURE,
        "X-Shopify-Topic", "orders/create", "X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        "X-Shopify-Event-Id", "98880550-7158-44d4-b7cd-2c97c8a091b5");
    assertThat(verify(SECRET, headers, BODY)).isEqualTo(new Verification.Accepted("orders/create",
        "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"));
  }

  @Test
  void acceptsTheVectorUnderTheNewerUnprefixedHeaders() {
    Map<String, String> headers = Map.of("Content-Type", "application/json", "shopify-hmac-sha256", SIGNATURE,
        "shopify-topic", "orders/paid", "shopify-webhook-id", "w-2", "shopify-event-id", "e-2");
    assertThat(verify(SECRET, headers, BODY)).isEqualTo(new Verification.Accepted("orders/paid", "w-2", "w-2"));
  }

  static Stream<Arguments> outcomes() {
    return Stream.of(
        Arguments.of("vector", SIGNATURE, BODY, 200),
        Arguments.of("tampered body", SIGNATURE, "{\"id\":2}", 401),
        Arguments.of("wrong secret", Signatures.shopify("other", utf8(BODY)), BODY, 401),
        Arguments.of("missing header", null, BODY, 401),
        Arguments.of("not base64", "VnKU*jZsLuN5", BODY, 400),
        Arguments.of("hex instead of base64 of the same digest",
            Signatures.hex("HmacSHA256", utf8(SECRET), utf8(BODY)), BODY, 401),
        Arguments.of("truncated", SIGNATURE.substring(0, 40), BODY, 401));
  }

  @ParameterizedTest(name = "{0} -> {3}")
  @MethodSource("outcomes")
  void verifies(String name, String signature, String body, int expected) {
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
    if (signature != null) {
      headers.put("X-Shopify-Hmac-Sha256", signature);
    }
    assertThat(Outcomes.status(verify(SECRET, headers, body))).isEqualTo(expected);
  }

  private static Verification verify(String secret, Map<String, String> headers, String body) {
    return VERIFIER.verify(InboundDelivery.of(headers, utf8(body)), List.of(VERIFIER.key(secret)), ROUTE, NOW);
  }
}
