package dev.hookgate.operator.provider.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API for repository and organization webhooks, as documented: Bearer tokens (401 "Bad
 * credentials" otherwise), hooks listed 30 per page by default ({@code per_page} up to 100) with a
 * {@code Link: <...>; rel="next"} header, the secret redacted as {@code ********} on every read, a PATCH replacing
 * the whole config (so a PATCH without config.secret drops it), 404 for a deleted hook, GitHub App
 * installation tokens issued for a JWT signed with the App's key, and {@code GET /meta} (no credentials needed)
 * with the {@code hooks} addresses and an ETag ({@code If-None-Match} with it: 304, no body).
 */
public final class FakeGitHub extends FakeProviderServer {

  public static final String REDACTED = "********";
  private static final Pattern HOOKS = Pattern.compile("^(/repos/[^/]+/[^/]+/hooks|/orgs/[^/]+/hooks)(?:/([0-9]+))?$");
  private static final Pattern ACCESS_TOKENS = Pattern.compile("^/app/installations/([0-9]+)/access_tokens$");

  /** A hook as GitHub stores it. */
  public static final class Hook {
    public final long id;
    public List<String> events;
    public boolean active;
    public String url;
    public String contentType;
    public String insecureSsl;
    public String secret;

    Hook(long id) {
      this.id = id;
    }
  }

  private final Map<String, Map<Long, Hook>> hooks = new LinkedHashMap<>();
  private final Set<String> tokens = new HashSet<>();
  private final Map<String, Instant> installationTokens = new LinkedHashMap<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private final Clock clock;
  private String appId;
  private String installationId;
  private PublicKey appPublicKey;
  private int issuedInstallationTokens;
  private List<String> metaHooks = List.of("192.30.252.0/22", "185.199.108.0/22", "140.82.112.0/20",
      "143.55.64.0/20", "2a0a:a440::/29", "2606:50c0::/32");
  private int metaVersion = 1;

  public FakeGitHub(Clock clock) {
    this.clock = clock;
  }

  /** GitHub changes the addresses it sends webhooks from (a new ETag). */
  public synchronized FakeGitHub metaHooks(List<String> cidrs) {
    metaHooks = List.copyOf(cidrs);
    metaVersion++;
    return this;
  }

  /** A personal access token GitHub accepts. */
  public synchronized FakeGitHub acceptToken(String token) {
    tokens.add(token);
    return this;
  }

  /** A GitHub App installation: JWTs verified with {@code publicKey}, tokens valid for an hour. */
  public synchronized FakeGitHub app(String appId, String installationId, PublicKey publicKey) {
    this.appId = appId;
    this.installationId = installationId;
    this.appPublicKey = publicKey;
    return this;
  }

  public synchronized int issuedInstallationTokens() {
    return issuedInstallationTokens;
  }

  /** A hook that exists before the test, e.g. someone else's. */
  public synchronized Hook addHook(String hooksPath, String url, List<String> events) {
    Hook hook = new Hook(ids.incrementAndGet());
    hook.url = url;
    hook.events = new ArrayList<>(events);
    hook.active = true;
    hook.contentType = "json";
    hook.insecureSsl = "0";
    hooks.computeIfAbsent(hooksPath, path -> new LinkedHashMap<>()).put(hook.id, hook);
    return hook;
  }

  public synchronized List<Hook> hooks(String hooksPath) {
    return List.copyOf(hooks.getOrDefault(hooksPath, Map.of()).values());
  }

  /** The hooks of {@code hooksPath} whose config.url is {@code url}. */
  public synchronized List<Hook> hooksWithUrl(String hooksPath, String url) {
    return hooks(hooksPath).stream().filter(hook -> url.equals(hook.url)).toList();
  }

  /** Someone deletes a hook in GitHub's settings. */
  public synchronized void deleteHook(String hooksPath, long id) {
    hooks.getOrDefault(hooksPath, new LinkedHashMap<>()).remove(id);
  }

  @Override
  protected Reply handle(Request request) {
    Matcher tokenRequest = ACCESS_TOKENS.matcher(request.path().replaceFirst("^/api/v3", ""));
    if (tokenRequest.matches() && request.method().equals("POST")) {
      return installationToken(request, tokenRequest.group(1));
    }
    if (request.path().replaceFirst("^/api/v3", "").equals("/meta") && request.method().equals("GET")) {
      return meta(request);
    }
    if (!authorized(request)) {
      return Reply.error(401, "Bad credentials", Map.of());
    }
    // GitHub Enterprise Server serves the same API below /api/v3.
    String prefix = request.path().startsWith("/api/v3/") ? "/api/v3" : "";
    Matcher matcher = HOOKS.matcher(request.path().substring(prefix.length()));
    if (!matcher.matches()) {
      return Reply.error(404, "Not Found", Map.of());
    }
    String path = matcher.group(1);
    Map<Long, Hook> list = hooks.computeIfAbsent(path, p -> new LinkedHashMap<>());
    if (matcher.group(2) == null) {
      return switch (request.method()) {
        case "GET" -> page(request, prefix + path, list);
        case "POST" -> create(request, list);
        default -> Reply.status(405);
      };
    }
    Hook hook = list.get(Long.parseLong(matcher.group(2)));
    if (hook == null) {
      return Reply.error(404, "Not Found", Map.of());
    }
    return switch (request.method()) {
      case "GET" -> Reply.json(200, view(hook));
      case "PATCH" -> {
        apply(hook, request.json());
        yield Reply.json(200, view(hook));
      }
      case "DELETE" -> {
        list.remove(hook.id);
        yield Reply.status(204);
      }
      default -> Reply.status(405);
    };
  }

  private Reply meta(Request request) {
    String etag = "W/\"meta-" + metaVersion + "\"";
    if (etag.equals(request.header("If-None-Match"))) {
      return new Reply(304, Map.of("ETag", etag), "");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("verifiable_password_authentication", false);
    body.put("hooks", metaHooks);
    body.put("web", List.of("192.30.252.0/22"));
    Reply json = Reply.json(200, body);
    return new Reply(200, Map.of("Content-Type", "application/json", "ETag", etag), json.body());
  }

  private boolean authorized(Request request) {
    String authorization = request.header("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    String token = authorization.substring("Bearer ".length());
    Instant expires = installationTokens.get(token);
    return tokens.contains(token) || (expires != null && clock.instant().isBefore(expires));
  }

  private Reply page(Request request, String path, Map<Long, Hook> list) {
    Map<String, String> query = query(request.query());
    int perPage = Math.min(100, Integer.parseInt(query.getOrDefault("per_page", "30")));
    int page = Integer.parseInt(query.getOrDefault("page", "1"));
    List<Hook> all = List.copyOf(list.values());
    int from = Math.min(all.size(), (page - 1) * perPage);
    int to = Math.min(all.size(), from + perPage);
    List<Map<String, Object>> body = all.subList(from, to).stream().map(FakeGitHub::view).toList();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (to < all.size()) {
      headers.put("Link", "<" + baseUrl() + path + "?per_page=" + perPage + "&page=" + (page + 1)
          + ">; rel=\"next\", <" + baseUrl() + path + "?per_page=" + perPage + "&page="
          + ((all.size() + perPage - 1) / perPage) + ">; rel=\"last\"");
    }
    Reply json = Reply.json(200, body);
    return new Reply(200, headers, json.body());
  }

  private Reply create(Request request, Map<Long, Hook> list) {
    JsonNode body = request.json();
    if (!"web".equals(body.path("name").asText("web")) || body.path("config").path("url").asText("").isEmpty()) {
      return Reply.error(422, "Validation Failed", Map.of());
    }
    Hook hook = new Hook(ids.incrementAndGet());
    hook.active = true;
    hook.events = List.of("push");
    apply(hook, body);
    list.put(hook.id, hook);
    return Reply.json(201, view(hook));
  }

  /** GitHub's update: top-level fields that are present, and the config replaced as a whole. */
  private static void apply(Hook hook, JsonNode body) {
    if (body.has("events")) {
      List<String> events = new ArrayList<>();
      body.path("events").forEach(event -> events.add(event.asText()));
      hook.events = events;
    }
    if (body.has("active")) {
      hook.active = body.path("active").asBoolean();
    }
    if (body.has("config")) {
      JsonNode config = body.path("config");
      hook.url = config.path("url").asText(null);
      hook.contentType = config.path("content_type").asText("form");
      hook.insecureSsl = config.path("insecure_ssl").asText("0");
      hook.secret = config.has("secret") ? config.path("secret").asText() : null;
    }
  }

  private static Map<String, Object> view(Hook hook) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("url", hook.url);
    config.put("content_type", hook.contentType);
    config.put("insecure_ssl", hook.insecureSsl);
    if (hook.secret != null) {
      config.put("secret", REDACTED);
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("type", "Repository");
    view.put("id", hook.id);
    view.put("name", "web");
    view.put("active", hook.active);
    view.put("events", hook.events);
    view.put("config", config);
    return view;
  }

  private Reply installationToken(Request request, String installation) {
    String authorization = request.header("Authorization");
    if (appPublicKey == null || authorization == null || !authorization.startsWith("Bearer ")
        || !validJwt(authorization.substring("Bearer ".length()))) {
      return Reply.error(401, "A JSON web token could not be decoded", Map.of());
    }
    if (!installation.equals(installationId)) {
      return Reply.error(404, "Not Found", Map.of());
    }
    String token = "ghs_" + UUID.randomUUID().toString().replace("-", "");
    Instant expires = clock.instant().plus(Duration.ofHours(1));
    installationTokens.put(token, expires);
    issuedInstallationTokens++;
    return Reply.json(201, Map.of("token", token, "expires_at", expires.toString()));
  }

  /** RS256 signature with the App's key, iss = app id, issued in the past, expiring within 10 minutes. */
  private boolean validJwt(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return false;
    }
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initVerify(appPublicKey);
      signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return false;
      }
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      long now = clock.instant().getEpochSecond();
      long iat = claims.path("iat").asLong();
      long exp = claims.path("exp").asLong();
      return "RS256".equals(header.path("alg").asText()) && appId.equals(claims.path("iss").asText())
          && iat <= now && exp > now && exp - iat <= 600;
    } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return query;
  }
}
