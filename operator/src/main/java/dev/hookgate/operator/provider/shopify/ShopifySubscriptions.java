package dev.hookgate.operator.provider.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.api.ProviderApiException;
import java.util.ArrayList;
import java.util.List;

/** The webhook subscriptions of the app in one shop, through {@link ShopifyGraphql}. */
final class ShopifySubscriptions {

  /** One subscription: a topic delivered to a URL. */
  record Subscription(String id, String topic, String callbackUrl) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE_SIZE = 100;
  /** Stops a provider that keeps answering hasNextPage from looping forever. */
  private static final int MAX_PAGES = 1000;
  /** What Shopify says when the subscription to delete or update is not there. */
  private static final String DOES_NOT_EXIST = "does not exist";

  private static final String LIST = """
      query hookgateWebhookSubscriptions($first: Int!, $after: String) {
        webhookSubscriptions(first: $first, after: $after) {
          edges { node { id topic endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } } }
          pageInfo { hasNextPage endCursor }
        }
      }""";
  private static final String CREATE = """
      mutation hookgateWebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!,
          $webhookSubscription: WebhookSubscriptionInput!) {
        webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
          webhookSubscription { id topic }
          userErrors { field message }
        }
      }""";
  private static final String UPDATE = """
      mutation hookgateWebhookSubscriptionUpdate($id: ID!, $webhookSubscription: WebhookSubscriptionInput!) {
        webhookSubscriptionUpdate(id: $id, webhookSubscription: $webhookSubscription) {
          webhookSubscription { id topic }
          userErrors { field message }
        }
      }""";
  private static final String DELETE = """
      mutation hookgateWebhookSubscriptionDelete($id: ID!) {
        webhookSubscriptionDelete(id: $id) {
          deletedWebhookSubscriptionId
          userErrors { field message }
        }
      }""";

  private final ShopifyGraphql graphql;
  private final String shop;

  /** @param shop the shop's name, for messages */
  ShopifySubscriptions(ShopifyGraphql graphql, String shop) {
    this.graphql = graphql;
    this.shop = shop;
  }

  /** Every subscription of the app in the shop, across all pages. */
  List<Subscription> all() throws ProviderApiException {
    List<Subscription> subscriptions = new ArrayList<>();
    String after = null;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      ObjectNode variables = JSON.createObjectNode().put("first", PAGE_SIZE);
      if (after != null) {
        variables.put("after", after);
      }
      JsonNode connection = graphql.execute("listing the webhook subscriptions of Shopify shop " + shop, LIST,
          variables).path("webhookSubscriptions");
      for (JsonNode edge : connection.path("edges")) {
        JsonNode node = edge.path("node");
        subscriptions.add(new Subscription(node.path("id").asText(), node.path("topic").asText(),
            node.path("endpoint").path("callbackUrl").asText(null)));
      }
      JsonNode pageInfo = connection.path("pageInfo");
      if (!pageInfo.path("hasNextPage").asBoolean() || !pageInfo.path("endCursor").isTextual()) {
        return subscriptions;
      }
      after = pageInfo.path("endCursor").asText();
    }
    return subscriptions;
  }

  String create(String topic, String callbackUrl) throws ProviderApiException {
    ObjectNode variables = JSON.createObjectNode().put("topic", topic);
    variables.set("webhookSubscription", input(callbackUrl));
    String what = "subscribing Shopify shop " + shop + " topic " + topic;
    JsonNode payload = graphql.execute(what, CREATE, variables).path("webhookSubscriptionCreate");
    refuseUserErrors(what, payload);
    return payload.path("webhookSubscription").path("id").asText();
  }

  void updateCallbackUrl(String id, String callbackUrl) throws ProviderApiException {
    ObjectNode variables = JSON.createObjectNode().put("id", id);
    variables.set("webhookSubscription", input(callbackUrl));
    String what = "updating Shopify webhook subscription " + id;
    refuseUserErrors(what, graphql.execute(what, UPDATE, variables).path("webhookSubscriptionUpdate"));
  }

  /** @return false when the subscription was already gone */
  boolean delete(String id) throws ProviderApiException {
    String what = "deleting Shopify webhook subscription " + id;
    JsonNode payload = graphql.execute(what, DELETE, JSON.createObjectNode().put("id", id))
        .path("webhookSubscriptionDelete");
    if (payload.path("deletedWebhookSubscriptionId").isTextual()) {
      return true;
    }
    if (userErrors(payload).contains(DOES_NOT_EXIST)) {
      return false;
    }
    refuseUserErrors(what, payload);
    return true;
  }

  private static ObjectNode input(String callbackUrl) {
    return JSON.createObjectNode().put("callbackUrl", callbackUrl).put("format", "JSON");
  }

  private static void refuseUserErrors(String what, JsonNode payload) throws ProviderApiException {
    String errors = userErrors(payload);
    if (!errors.isEmpty()) {
      throw new ProviderApiException(FailureKind.INVALID_CONFIGURATION, what + ": " + errors, null, 200);
    }
  }

  private static String userErrors(JsonNode payload) {
    List<String> messages = new ArrayList<>();
    payload.path("userErrors").forEach(error -> messages.add(error.path("message").asText()));
    return String.join("; ", messages);
  }
}
