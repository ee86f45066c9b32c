package dev.hookgate.operator.provider.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.api.ProviderApi;
import dev.hookgate.operator.provider.api.ProviderApiException;
import dev.hookgate.operator.provider.api.ProviderResponse;
import java.time.Instant;
import java.util.Map;

/**
 * Shopify's GraphQL Admin API ({@code POST <admin root>/graphql.json}, {@code X-Shopify-Access-Token}). GraphQL
 * reports most failures in a 200 reply: {@code THROTTLED} is a rate limit, over until the cost bucket has refilled
 * enough for the query ({@code extensions.cost}); {@code ACCESS_DENIED} is a token without the needed scope.
 */
final class ShopifyGraphql {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProviderApi api;
  private final Map<String, String> headers;

  ShopifyGraphql(ProviderApi api, String accessToken) {
    this.api = api;
    this.headers = Map.of("X-Shopify-Access-Token", accessToken);
  }

  /**
   * @param what the call in words, for messages
   * @return the reply's {@code data}
   */
  JsonNode execute(String what, String query, ObjectNode variables) throws ProviderApiException {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", query);
    body.set("variables", variables);
    ProviderResponse response = api.send("POST", "/graphql.json", headers, body.toString()).requireSuccess(what);
    JsonNode reply = response.json();
    JsonNode errors = reply.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      JsonNode first = errors.get(0);
      String code = first.path("extensions").path("code").asText();
      String message = what + ": " + first.path("message").asText("GraphQL error");
      if (code.equals("THROTTLED")) {
        throw new ProviderApiException(FailureKind.RATE_LIMITED, message + " (rate limited)",
            refilled(reply.path("extensions").path("cost"), response.receivedAt()), response.status());
      }
      FailureKind kind = code.equals("ACCESS_DENIED") ? FailureKind.CREDENTIALS_INVALID
          : FailureKind.INVALID_CONFIGURATION;
      throw new ProviderApiException(kind, message, null, response.status());
    }
    return reply.path("data");
  }

  /** When the leaky bucket holds the query's cost again; null when the reply does not say. */
  private static Instant refilled(JsonNode cost, Instant now) {
    JsonNode throttle = cost.path("throttleStatus");
    double restoreRate = throttle.path("restoreRate").asDouble(0);
    if (restoreRate <= 0 || !cost.has("requestedQueryCost")) {
      return null;
    }
    double missing = cost.path("requestedQueryCost").asDouble() - throttle.path("currentlyAvailable").asDouble();
    return now.plusSeconds((long) Math.ceil(Math.max(0, missing) / restoreRate));
  }
}
