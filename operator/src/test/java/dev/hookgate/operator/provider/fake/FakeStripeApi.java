package dev.hookgate.operator.provider.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stripe's webhook endpoints API ({@code /v1/webhook_endpoints}) as documented: secret key as Bearer (or as the
 * Basic user), form-encoded bodies ({@code enabled_events[]}, {@code metadata[k]}), newest first with
 * {@code limit} (default 10, at most 100), {@code starting_after} and {@code has_more}, the endpoint's
 * {@code secret} only in the reply to the create, {@code disabled} on update, and Stripe's error objects.
 */
public final class FakeStripeApi extends LoopbackFakeApi {

  private static final Pattern ENDPOINTS = Pattern.compile("^/v1/webhook_endpoints(?:/([A-Za-z0-9_]+))?$");

  private final String apiKey;
  private final SecureRandom random = new SecureRandom();
  /** Oldest first; listed newest first. */
  private final Map<String, ObjectNode> endpoints = new LinkedHashMap<>();
  private final Map<String, String> secrets = new LinkedHashMap<>();
  private long created = 1_763_800_000L;

  public FakeStripeApi(String apiKey) {
    this.apiKey = apiKey;
  }

  /** The value for spec.provider.stripe.apiBaseUrl. */
  public URI baseUrl() {
    return root();
  }

  public synchronized void seedUnrelated(int count) {
    for (int i = 0; i < count; i++) {
      ObjectNode endpoint = newEndpoint("https://billing.example.org/unrelated/" + i, List.of("charge.succeeded"));
      endpoints.put(endpoint.get("id").asText(), endpoint);
    }
  }

  /** The endpoints at this URL, as Stripe shows them (no secret). */
  public synchronized List<JsonNode> endpointsAt(String url) {
    return endpoints.values().stream().filter(endpoint -> endpoint.path("url").asText().equals(url))
        .map(JsonNode::deepCopy).map(JsonNode.class::cast).toList();
  }

  /** The secret Stripe signs this endpoint's deliveries with. */
  public synchronized String secretOf(String id) {
    return secrets.get(id);
  }

  public synchronized void deleteEndpoint(String id) {
    endpoints.remove(id);
  }

  public synchronized void change(String id, String field, Object value) {
    endpoints.get(id).set(field, FakeJson.MAPPER.valueToTree(value));
  }

  @Override
  protected boolean authorized(FakeRequest request) {
    String basic = "Basic " + Base64.getEncoder().encodeToString((apiKey + ":").getBytes());
    return request.header("Authorization").filter(value -> value.equals("Bearer " + apiKey) || value.equals(basic))
        .isPresent();
  }

  @Override
  protected FakeReply unauthorized() {
    return error(401, "invalid_request_error", null, "Invalid API Key provided: sk_test_****wxyz");
  }

  @Override
  protected FakeReply answer(FakeRequest request) {
    Matcher matcher = ENDPOINTS.matcher(request.rawPath());
    if (!matcher.matches()) {
      return error(404, "invalid_request_error", null, "Unrecognized request URL (" + request.rawPath() + ")");
    }
    if (request.method().equals("POST")
        && !request.header("Content-Type").orElse("").startsWith("application/x-www-form-urlencoded")) {
      return error(400, "invalid_request_error", null, "Invalid request: the body must be form-encoded");
    }
    String id = matcher.group(1);
    if (id == null) {
      return switch (request.method()) {
        case "GET" -> list(request);
        case "POST" -> create(request.form());
        default -> error(405, "invalid_request_error", null, "Method not allowed");
      };
    }
    ObjectNode endpoint = endpoints.get(id);
    if (endpoint == null) {
      return error(404, "invalid_request_error", "resource_missing", "No such webhook endpoint: '" + id + "'");
    }
    return switch (request.method()) {
      case "GET" -> FakeReply.json(200, endpoint);
      case "POST" -> update(endpoint, request.form());
      case "DELETE" -> {
        endpoints.remove(id);
        secrets.remove(id);
        yield FakeReply.json(200, FakeJson.object().put("id", id).put("object", "webhook_endpoint")
            .put("deleted", true));
      }
      default -> error(405, "invalid_request_error", null, "Method not allowed");
    };
  }

  private FakeReply list(FakeRequest request) {
    int limit = Math.min(100, Integer.parseInt(request.query().getOrDefault("limit", "10")));
    List<ObjectNode> newestFirst = new ArrayList<>(endpoints.values());
    java.util.Collections.reverse(newestFirst);
    int from = 0;
    String after = request.query().get("starting_after");
    if (after != null) {
      from = newestFirst.stream().map(endpoint -> endpoint.path("id").asText()).toList().indexOf(after) + 1;
      if (from == 0) {
        return error(400, "invalid_request_error", "resource_missing", "No such webhook endpoint: '" + after + "'");
      }
    }
    ObjectNode page = FakeJson.object().put("object", "list").put("url", "/v1/webhook_endpoints");
    newestFirst.stream().skip(from).limit(limit).forEach(page.putArray("data")::add);
    page.put("has_more", from + limit < newestFirst.size());
    return FakeReply.json(200, page);
  }

  private FakeReply create(Map<String, List<String>> form) {
    if (!form.containsKey("url")) {
      return error(400, "invalid_request_error", "parameter_missing", "Missing required param: url.");
    }
    if (!form.containsKey("enabled_events[]")) {
      return error(400, "invalid_request_error", "parameter_missing", "Missing required param: enabled_events.");
    }
    ObjectNode endpoint = newEndpoint(form.get("url").get(0), form.get("enabled_events[]"));
    applyMetadata(endpoint, form);
    form.getOrDefault("description", List.of()).forEach(description -> endpoint.put("description", description));
    String id = endpoint.get("id").asText();
    endpoints.put(id, endpoint);
    String secret = "whsec_" + HexFormat.of().formatHex(bytes(24));
    secrets.put(id, secret);
    return FakeReply.json(200, endpoint.deepCopy().put("secret", secret));
  }

  private FakeReply update(ObjectNode endpoint, Map<String, List<String>> form) {
    form.getOrDefault("url", List.of()).forEach(url -> endpoint.put("url", url));
    if (form.containsKey("enabled_events[]")) {
      endpoint.set("enabled_events", FakeJson.MAPPER.valueToTree(form.get("enabled_events[]")));
    }
    form.getOrDefault("disabled", List.of())
        .forEach(disabled -> endpoint.put("status", Boolean.parseBoolean(disabled) ? "disabled" : "enabled"));
    applyMetadata(endpoint, form);
    return FakeReply.json(200, endpoint);
  }

  private static void applyMetadata(ObjectNode endpoint, Map<String, List<String>> form) {
    form.forEach((name, values) -> {
      if (name.startsWith("metadata[") && name.endsWith("]")) {
        ((ObjectNode) endpoint.get("metadata")).put(name.substring(9, name.length() - 1), values.get(0));
      }
    });
  }

  private ObjectNode newEndpoint(String url, List<String> events) {
    ObjectNode endpoint = FakeJson.object();
    endpoint.put("id", "we_" + HexFormat.of().formatHex(bytes(12)));
    endpoint.put("object", "webhook_endpoint");
    endpoint.putNull("api_version");
    endpoint.putNull("application");
    endpoint.put("created", created++);
    endpoint.putNull("description");
    endpoint.set("enabled_events", FakeJson.MAPPER.valueToTree(events));
    endpoint.put("livemode", false);
    endpoint.putObject("metadata");
    endpoint.put("status", "enabled");
    endpoint.put("url", url);
    return endpoint;
  }

  private byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  private static FakeReply error(int status, String type, String code, String message) {
    ObjectNode body = FakeJson.object();
    ObjectNode error = body.putObject("error").put("type", type).put("message", message);
    if (code != null) {
      error.put("code", code);
    }
    return FakeReply.json(status, body);
  }
}
