package dev.hookgate.operator.provider.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bitbucket Cloud's webhook API ({@code /2.0/repositories/{workspace}/{repo}/hooks},
 * {@code /2.0/workspaces/{workspace}/hooks}) as documented: Bearer access token or Basic app password, hooks
 * named by a braced UUID ({@code %7B...%7D} in a path), pages of {@code values} with an absolute {@code next}
 * link ({@code pagelen} default 10, at most 100), 201 on create, 204 on delete, 404 for what is not there, and
 * only {@code secret_set} in replies, never the secret.
 */
public final class FakeBitbucketApi extends LoopbackFakeApi {

  private static final Pattern HOOKS =
      Pattern.compile("^/2\\.0/(repositories/[^/]+/[^/]+|workspaces/[^/]+)/hooks(?:/%7B([0-9a-f-]+)%7D)?$");

  private final List<String> acceptedAuthorizations = new ArrayList<>();
  /** Hooks by scope ("repositories/acme/app"), by uuid (with braces). */
  private final Map<String, Map<String, ObjectNode>> hooks = new HashMap<>();
  private final Map<String, String> secrets = new HashMap<>();

  public FakeBitbucketApi(String token, String username, String appPassword) {
    acceptedAuthorizations.add("Bearer " + token);
    acceptedAuthorizations.add("Basic " + Base64.getEncoder()
        .encodeToString((username + ":" + appPassword).getBytes(StandardCharsets.UTF_8)));
  }

  /** The value for spec.provider.bitbucket.baseUrl. */
  public URI baseUrl() {
    return URI.create(root() + "/2.0");
  }

  public synchronized void addScope(String scope) {
    hooks.putIfAbsent(scope, new LinkedHashMap<>());
  }

  public synchronized void seedUnrelated(String scope, int count) {
    for (int i = 0; i < count; i++) {
      ObjectNode hook = newHook(scope);
      hook.put("url", "https://ci.example.org/unrelated/" + i);
      hook.putArray("events").add("repo:push");
      hooks.get(scope).put(hook.get("uuid").asText(), hook);
    }
  }

  public synchronized List<JsonNode> hooksAt(String scope, String url) {
    return hooks.get(scope).values().stream().filter(hook -> hook.path("url").asText().equals(url))
        .map(JsonNode::deepCopy).map(JsonNode.class::cast).toList();
  }

  /** What Bitbucket keeps but never shows. */
  public synchronized String secretOf(String uuid) {
    return secrets.get(uuid);
  }

  public synchronized void deleteHook(String scope, String uuid) {
    hooks.get(scope).remove(uuid);
  }

  public synchronized void change(String scope, String uuid, String field, Object value) {
    hooks.get(scope).get(uuid).set(field, FakeJson.MAPPER.valueToTree(value));
  }

  @Override
  protected boolean authorized(FakeRequest request) {
    return request.header("Authorization").filter(acceptedAuthorizations::contains).isPresent();
  }

  @Override
  protected FakeReply unauthorized() {
    return error(401, "Unauthorized");
  }

  @Override
  protected FakeReply answer(FakeRequest request) {
    Matcher matcher = HOOKS.matcher(request.rawPath());
    if (!matcher.matches() || !hooks.containsKey(matcher.group(1))) {
      return error(404, "Resource not found");
    }
    String scope = matcher.group(1);
    Map<String, ObjectNode> scoped = hooks.get(scope);
    if (matcher.group(2) == null) {
      return switch (request.method()) {
        case "GET" -> list(scope, scoped, request);
        case "POST" -> create(scope, scoped, request);
        default -> error(405, "Method not allowed");
      };
    }
    String uuid = "{" + matcher.group(2) + "}";
    ObjectNode hook = scoped.get(uuid);
    if (hook == null) {
      return error(404, "Resource not found");
    }
    return switch (request.method()) {
      case "GET" -> FakeReply.json(200, hook);
      case "PUT" -> {
        FakeReply invalid = apply(hook, request.json());
        yield invalid != null ? invalid : FakeReply.json(200, hook);
      }
      case "DELETE" -> {
        scoped.remove(uuid);
        secrets.remove(uuid);
        yield FakeReply.empty(204);
      }
      default -> error(405, "Method not allowed");
    };
  }

  private FakeReply list(String scope, Map<String, ObjectNode> scoped, FakeRequest request) {
    int pagelen = Math.min(100, Integer.parseInt(request.query().getOrDefault("pagelen", "10")));
    int page = Integer.parseInt(request.query().getOrDefault("page", "1"));
    List<ObjectNode> all = new ArrayList<>(scoped.values());
    ObjectNode body = FakeJson.object();
    body.put("pagelen", pagelen);
    body.put("size", all.size());
    body.put("page", page);
    all.stream().skip((long) (page - 1) * pagelen).limit(pagelen).forEach(body.putArray("values")::add);
    if ((long) page * pagelen < all.size()) {
      body.put("next", baseUrl() + "/" + scope + "/hooks?pagelen=" + pagelen + "&page=" + (page + 1));
    }
    return FakeReply.json(200, body);
  }

  private FakeReply create(String scope, Map<String, ObjectNode> scoped, FakeRequest request) {
    ObjectNode hook = newHook(scope);
    FakeReply invalid = apply(hook, request.json());
    if (invalid != null) {
      return invalid;
    }
    scoped.put(hook.get("uuid").asText(), hook);
    return FakeReply.json(201, hook);
  }

  private FakeReply apply(ObjectNode hook, JsonNode body) {
    if (!body.path("url").isTextual() || !body.path("events").isArray() || body.path("events").isEmpty()) {
      return error(400, "url and events are required");
    }
    for (String field : List.of("url", "description", "active", "events")) {
      if (body.has(field)) {
        hook.set(field, body.get(field));
      }
    }
    if (body.hasNonNull("secret")) {
      secrets.put(hook.get("uuid").asText(), body.get("secret").asText());
      hook.put("secret_set", true);
    }
    return null;
  }

  private ObjectNode newHook(String scope) {
    ObjectNode hook = FakeJson.object();
    hook.put("type", "webhook_subscription");
    hook.put("uuid", "{" + UUID.randomUUID() + "}");
    hook.put("url", "");
    hook.put("description", "");
    hook.put("subject_type", scope.startsWith("repositories") ? "repository" : "workspace");
    hook.put("active", true);
    hook.put("secret_set", false);
    hook.put("skip_cert_verification", false);
    hook.put("created_at", "2026-11-22T08:00:00.000000+00:00");
    hook.putArray("events");
    return hook;
  }

  private static FakeReply error(int status, String message) {
    ObjectNode body = FakeJson.object().put("type", "error");
    body.putObject("error").put("message", message);
    return FakeReply.json(status, body);
  }
}
