package dev.hookgate.operator.provider.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Shopify's GraphQL Admin API for webhook subscriptions ({@code POST /admin/api/<version>/graphql.json},
 * {@code X-Shopify-Access-Token}) as documented: {@code webhookSubscriptions(first, after)} with opaque cursors and
 * {@code pageInfo}, {@code webhookSubscriptionCreate/Update/Delete} answering {@code userErrors} (a topic already
 * subscribed at that address, a subscription that does not exist), top-level {@code errors} for an unknown topic,
 * the query cost in {@code extensions.cost}, and 401 for an unknown token. Operations are told apart by the field
 * they select, as a GraphQL server would.
 */
public final class FakeShopifyApi extends LoopbackFakeApi {

  public static final String VERSION = "2025-01";
  private static final String GID = "gid://shopify/WebhookSubscription/";
  private static final Set<String> TOPICS = Set.of("APP_UNINSTALLED", "ORDERS_CREATE", "ORDERS_PAID",
      "ORDERS_UPDATED", "CUSTOMERS_CREATE", "PRODUCTS_UPDATE", "CARTS_CREATE");

  private final String accessToken;
  /** By numeric id, in creation order. */
  private final TreeMap<Long, ObjectNode> subscriptions = new TreeMap<>();
  private long nextId = 5000;

  public FakeShopifyApi(String accessToken) {
    this.accessToken = accessToken;
  }

  /** The value for spec.provider.shopify.adminApiBaseUrl. */
  public URI adminApiBaseUrl() {
    return URI.create(root() + "/admin/api/" + VERSION);
  }

  public synchronized void seedUnrelated(int count) {
    for (int i = 0; i < count; i++) {
      add("PRODUCTS_UPDATE", "https://app.example.org/unrelated/" + i);
    }
  }

  /** Subscriptions at this address, by topic. */
  public synchronized Map<String, List<String>> subscriptionsAt(String callbackUrl) {
    Map<String, List<String>> byTopic = new TreeMap<>();
    subscriptions.values().stream().filter(s -> s.path("endpoint").path("callbackUrl").asText().equals(callbackUrl))
        .forEach(s -> byTopic.computeIfAbsent(s.path("topic").asText(), topic -> new ArrayList<>())
            .add(s.path("id").asText()));
    return byTopic;
  }

  public synchronized String subscribe(String topic, String callbackUrl) {
    return add(topic, callbackUrl).path("id").asText();
  }

  public synchronized void deleteSubscription(String gid) {
    subscriptions.remove(number(gid));
  }

  public synchronized void moveSubscription(String gid, String callbackUrl) {
    ((ObjectNode) subscriptions.get(number(gid)).get("endpoint")).put("callbackUrl", callbackUrl);
  }

  /** Shopify's reply when the app's cost bucket is empty. */
  public static FakeReply throttled(int requestedCost, int available, int restoreRate) {
    ObjectNode body = FakeJson.object();
    body.putArray("errors").addObject().put("message", "Throttled").putObject("extensions").put("code", "THROTTLED");
    body.putObject("extensions").putObject("cost").put("requestedQueryCost", requestedCost).putNull("actualQueryCost")
        .putObject("throttleStatus").put("maximumAvailable", 2000.0).put("currentlyAvailable", available)
        .put("restoreRate", (double) restoreRate);
    return FakeReply.json(200, body);
  }

  @Override
  protected boolean authorized(FakeRequest request) {
    return request.header("X-Shopify-Access-Token").filter(accessToken::equals).isPresent();
  }

  @Override
  protected FakeReply unauthorized() {
    return FakeReply.json(401,
        "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
  }

  @Override
  protected FakeReply answer(FakeRequest request) {
    if (!request.method().equals("POST") || !request.rawPath().equals("/admin/api/" + VERSION + "/graphql.json")) {
      return FakeReply.json(404, "{\"errors\":\"Not Found\"}");
    }
    JsonNode body = request.json();
    String query = body.path("query").asText();
    JsonNode variables = body.path("variables");
    ObjectNode reply = FakeJson.object();
    ObjectNode data = reply.putObject("data");
    if (query.contains("webhookSubscriptionCreate(")) {
      String topic = variables.path("topic").asText();
      if (!TOPICS.contains(topic)) {
        return graphqlError("Variable $topic of type WebhookSubscriptionTopic! was provided invalid value");
      }
      data.set("webhookSubscriptionCreate", create(topic, variables.path("webhookSubscription")));
    } else if (query.contains("webhookSubscriptionUpdate(")) {
      data.set("webhookSubscriptionUpdate", update(variables.path("id").asText(), variables.path("webhookSubscription")));
    } else if (query.contains("webhookSubscriptionDelete(")) {
      data.set("webhookSubscriptionDelete", delete(variables.path("id").asText()));
    } else if (query.contains("webhookSubscriptions(")) {
      data.set("webhookSubscriptions", list(variables.path("first").asInt(), variables.path("after").asText(null)));
    } else {
      return graphqlError("Field is not supported by this fake");
    }
    reply.putObject("extensions").putObject("cost").put("requestedQueryCost", 12).put("actualQueryCost", 12)
        .putObject("throttleStatus").put("maximumAvailable", 2000.0).put("currentlyAvailable", 1988)
        .put("restoreRate", 100.0);
    return FakeReply.json(200, reply);
  }

  private ObjectNode list(int first, String after) {
    int size = Math.min(Math.max(first, 1), 250);
    long from = after == null ? Long.MIN_VALUE : Long.parseLong(decode(after)) + 1;
    List<ObjectNode> page = subscriptions.tailMap(from, true).values().stream().limit(size).toList();
    ObjectNode connection = FakeJson.object();
    ArrayNode edges = connection.putArray("edges");
    for (ObjectNode node : page) {
      edges.addObject().put("cursor", encode(number(node.path("id").asText()))).set("node", node);
    }
    boolean more = !page.isEmpty() && subscriptions.higherKey(number(page.get(page.size() - 1).path("id").asText()))
        != null;
    ObjectNode pageInfo = connection.putObject("pageInfo").put("hasNextPage", more);
    if (page.isEmpty()) {
      pageInfo.putNull("endCursor");
    } else {
      pageInfo.put("endCursor", encode(number(page.get(page.size() - 1).path("id").asText())));
    }
    return connection;
  }

  private ObjectNode create(String topic, JsonNode input) {
    ObjectNode payload = FakeJson.object();
    String callbackUrl = input.path("callbackUrl").asText();
    if (!callbackUrl.startsWith("https://")) {
      return userError(payload, "webhookSubscription", "Address protocol " + callbackUrl + " is not supported");
    }
    if (subscriptionsAt(callbackUrl).containsKey(topic)) {
      return userError(payload, "webhookSubscription", "Address for this topic has already been taken");
    }
    ObjectNode created = add(topic, callbackUrl);
    payload.putObject("webhookSubscription").put("id", created.path("id").asText()).put("topic", topic);
    payload.putArray("userErrors");
    return payload;
  }

  private ObjectNode update(String gid, JsonNode input) {
    ObjectNode payload = FakeJson.object();
    ObjectNode subscription = subscriptions.get(number(gid));
    if (subscription == null) {
      return userError(payload, "id", "Webhook subscription does not exist");
    }
    ((ObjectNode) subscription.get("endpoint")).put("callbackUrl", input.path("callbackUrl").asText());
    payload.putObject("webhookSubscription").put("id", gid).put("topic", subscription.path("topic").asText());
    payload.putArray("userErrors");
    return payload;
  }

  private ObjectNode delete(String gid) {
    ObjectNode payload = FakeJson.object();
    if (subscriptions.remove(number(gid)) == null) {
      payload.putNull("deletedWebhookSubscriptionId");
      return userError(payload, "id", "Webhook subscription does not exist");
    }
    payload.put("deletedWebhookSubscriptionId", gid);
    payload.putArray("userErrors");
    return payload;
  }

  private ObjectNode add(String topic, String callbackUrl) {
    long id = nextId++;
    ObjectNode subscription = FakeJson.object().put("id", GID + id).put("topic", topic);
    subscription.putObject("endpoint").put("__typename", "WebhookHttpEndpoint").put("callbackUrl", callbackUrl);
    subscriptions.put(id, subscription);
    return subscription;
  }

  private static ObjectNode userError(ObjectNode payload, String field, String message) {
    if (!payload.has("webhookSubscription") && !payload.has("deletedWebhookSubscriptionId")) {
      payload.putNull("webhookSubscription");
    }
    ObjectNode error = payload.putArray("userErrors").addObject().put("message", message);
    error.putArray("field").add(field);
    return payload;
  }

  private static FakeReply graphqlError(String message) {
    ObjectNode reply = FakeJson.object();
    reply.putArray("errors").addObject().put("message", message);
    return FakeReply.json(200, reply);
  }

  private static long number(String gid) {
    try {
      return Long.parseLong(gid.substring(gid.lastIndexOf('/') + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String encode(long id) {
    return Base64.getEncoder().encodeToString(("cursor:" + id).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    return new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8).substring("cursor:".length());
  }
}
