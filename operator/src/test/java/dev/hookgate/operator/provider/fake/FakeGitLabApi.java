package dev.hookgate.operator.provider.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitLab's project and group hooks API ({@code /api/v4/projects/:id/hooks}, {@code /api/v4/groups/:id/hooks}) as
 * documented: {@code PRIVATE-TOKEN}, {@code :id} a number or a URL-encoded path, offset pagination
 * ({@code per_page} default 20, at most 100, {@code X-Next-Page} empty on the last page), 201 on create, 204 on
 * delete, 404 for a hook or project that is not there, and the hook's {@code token} never in a reply.
 */
public final class FakeGitLabApi extends LoopbackFakeApi {

  private static final Pattern HOOKS = Pattern.compile("^/api/v4/(projects|groups)/([^/]+)/hooks(?:/(\\d+))?$");
  private static final List<String> FLAGS = List.of("push_events", "tag_push_events", "issues_events",
      "confidential_issues_events", "note_events", "confidential_note_events", "merge_requests_events", "job_events",
      "pipeline_events", "wiki_page_events", "deployment_events", "feature_flag_events", "releases_events",
      "emoji_events", "resource_access_token_events");
  private static final List<String> GROUP_FLAGS = List.of("member_events", "subgroup_events", "project_events");

  private final String token;
  /** Hooks by scope ("projects/group%2Fapp" as the client must send it), by id. */
  private final Map<String, Map<Long, ObjectNode>> hooks = new HashMap<>();
  private final Map<Long, String> tokens = new HashMap<>();
  private long nextId = 1000;

  public FakeGitLabApi(String token) {
    this.token = token;
  }

  /** The value for spec.provider.gitlab.baseUrl. */
  public URI baseUrl() {
    return root();
  }

  /** @param encodedScope e.g. {@code projects/group%2Fapp} or {@code groups/42} */
  public synchronized void addScope(String encodedScope) {
    hooks.putIfAbsent(encodedScope, new LinkedHashMap<>());
  }

  public synchronized void seedUnrelated(String encodedScope, int count) {
    for (int i = 0; i < count; i++) {
      ObjectNode hook = newHook(encodedScope.startsWith("groups"));
      hook.put("url", "https://ci.example.org/unrelated/" + i);
      hooks.get(encodedScope).put(hook.get("id").asLong(), hook);
    }
  }

  /** The hooks at this URL in the scope, as GitLab would list them (no token). */
  public synchronized List<JsonNode> hooksAt(String encodedScope, String url) {
    return hooks.get(encodedScope).values().stream().filter(hook -> hook.path("url").asText().equals(url))
        .map(JsonNode::deepCopy).map(JsonNode.class::cast).toList();
  }

  /** What GitLab keeps but never shows: the hook's secret token. */
  public synchronized String tokenOf(long id) {
    return tokens.get(id);
  }

  public synchronized void deleteHook(String encodedScope, long id) {
    hooks.get(encodedScope).remove(id);
  }

  /** Someone changes the hook in GitLab's UI. */
  public synchronized void change(String encodedScope, long id, String field, Object value) {
    hooks.get(encodedScope).get(id).set(field, FakeJson.MAPPER.valueToTree(value));
  }

  @Override
  protected boolean authorized(FakeRequest request) {
    return request.header("PRIVATE-TOKEN").filter(token::equals).isPresent();
  }

  @Override
  protected FakeReply unauthorized() {
    return FakeReply.json(401, "{\"message\":\"401 Unauthorized\"}");
  }

  @Override
  protected FakeReply answer(FakeRequest request) {
    Matcher matcher = HOOKS.matcher(request.rawPath());
    if (!matcher.matches()) {
      return notFound("404 Not Found");
    }
    String scope = matcher.group(1) + "/" + matcher.group(2);
    Map<Long, ObjectNode> scoped = hooks.get(scope);
    if (scoped == null) {
      return notFound(matcher.group(1).equals("projects") ? "404 Project Not Found" : "404 Group Not Found");
    }
    if (matcher.group(3) == null) {
      return switch (request.method()) {
        case "GET" -> list(scoped, request);
        case "POST" -> create(scoped, request, matcher.group(1).equals("groups"));
        default -> FakeReply.json(405, "{\"message\":\"405 Method Not Allowed\"}");
      };
    }
    long id = Long.parseLong(matcher.group(3));
    ObjectNode hook = scoped.get(id);
    if (hook == null) {
      return notFound("404 Not found");
    }
    return switch (request.method()) {
      case "GET" -> FakeReply.json(200, hook);
      case "PUT" -> update(hook, request);
      case "DELETE" -> {
        scoped.remove(id);
        tokens.remove(id);
        yield FakeReply.empty(204);
      }
      default -> FakeReply.json(405, "{\"message\":\"405 Method Not Allowed\"}");
    };
  }

  private FakeReply list(Map<Long, ObjectNode> scoped, FakeRequest request) {
    int perPage = Math.min(100, Integer.parseInt(request.query().getOrDefault("per_page", "20")));
    int page = Integer.parseInt(request.query().getOrDefault("page", "1"));
    List<ObjectNode> all = new ArrayList<>(scoped.values());
    int pages = Math.max(1, (all.size() + perPage - 1) / perPage);
    ArrayNode body = FakeJson.array();
    all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(body::add);
    return FakeReply.json(200, body).withHeaders(Map.of("X-Page", String.valueOf(page), "X-Per-Page",
        String.valueOf(perPage), "X-Next-Page", page < pages ? String.valueOf(page + 1) : "", "X-Total",
        String.valueOf(all.size()), "X-Total-Pages", String.valueOf(pages)));
  }

  private FakeReply create(Map<Long, ObjectNode> scoped, FakeRequest request, boolean group) {
    JsonNode body = request.json();
    if (!body.path("url").isTextual() || body.path("url").asText().isBlank()) {
      return FakeReply.json(400, "{\"error\":\"url is missing\"}");
    }
    ObjectNode hook = newHook(group);
    apply(hook, body);
    scoped.put(hook.get("id").asLong(), hook);
    return FakeReply.json(201, hook);
  }

  private FakeReply update(ObjectNode hook, FakeRequest request) {
    apply(hook, request.json());
    // Editing a hook in GitLab lifts an automatic disabling.
    hook.put("alert_status", "executable");
    hook.putNull("disabled_until");
    return FakeReply.json(200, hook);
  }

  private void apply(ObjectNode hook, JsonNode body) {
    body.fields().forEachRemaining(field -> {
      if (field.getKey().equals("token")) {
        tokens.put(hook.get("id").asLong(), field.getValue().asText());
      } else if (hook.has(field.getKey())) {
        hook.set(field.getKey(), field.getValue());
      }
    });
  }

  private ObjectNode newHook(boolean group) {
    ObjectNode hook = FakeJson.object();
    hook.put("id", nextId++);
    hook.put("url", "");
    hook.put("name", "");
    hook.put("description", "");
    hook.put("created_at", "2026-11-22T08:00:00.000Z");
    for (String flag : FLAGS) {
      hook.put(flag, flag.equals("push_events"));
    }
    if (group) {
      GROUP_FLAGS.forEach(flag -> hook.put(flag, false));
    }
    hook.put("enable_ssl_verification", true);
    hook.put("alert_status", "executable");
    hook.putNull("disabled_until");
    return hook;
  }

  private static FakeReply notFound(String message) {
    return FakeReply.json(404, FakeJson.object().put("message", message));
  }
}
