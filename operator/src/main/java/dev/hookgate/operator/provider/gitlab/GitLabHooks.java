package dev.hookgate.operator.provider.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookgate.operator.provider.JsonHooksCollection;
import dev.hookgate.operator.provider.PushedSecrets;
import dev.hookgate.operator.provider.SingleHookRegistration.Drift;
import dev.hookgate.operator.provider.api.ProviderApi;
import dev.hookgate.operator.provider.api.ProviderApiException;
import dev.hookgate.operator.provider.api.ProviderResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hooks of one GitLab project or group ({@code /projects/:id/hooks}, {@code /groups/:id/hooks}), with what the
 * endpoint wants of its hook. GitLab never returns the hook's token, so {@link PushedSecrets} says when to send it.
 */
final class GitLabHooks extends JsonHooksCollection {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PER_PAGE = 100;
  /** Stops a provider that keeps answering with a next page from looping forever. */
  private static final int MAX_PAGES = 1000;
  /** alert_status values of a hook GitLab stopped calling after failed deliveries. */
  private static final List<String> DISABLED = List.of("disabled", "temporarily_disabled");

  private final String scope;
  private final URI url;
  private final Map<String, Boolean> flags;
  private final boolean sslVerification;

  /**
   * @param hooksPath e.g. {@code /projects/group%2Fapp/hooks}
   * @param scope e.g. {@code project group/app}, for messages
   * @param url null when deregistering
   * @param secret the token GitLab sends in X-Gitlab-Token; null when deregistering
   * @param secretChanged the operator says the secret may differ from the hook's
   */
  GitLabHooks(ProviderApi api, String hooksPath, String scope, String token, URI url, String secret,
      boolean secretChanged, Map<String, Boolean> flags, boolean sslVerification, PushedSecrets pushedSecrets) {
    super(api, hooksPath, Map.of("PRIVATE-TOKEN", token), secret, secretChanged, pushedSecrets);
    this.scope = scope;
    this.url = url;
    this.flags = flags;
    this.sslVerification = sslVerification;
  }

  @Override
  public String describe() {
    return "hook of GitLab " + scope;
  }

  @Override
  public Optional<JsonNode> findOurs() throws ProviderApiException {
    if (url == null) {
      return Optional.empty();
    }
    String page = "1";
    for (int pages = 0; pages < MAX_PAGES && page != null && !page.isBlank(); pages++) {
      ProviderResponse response = api.send("GET", hooksPath + "?per_page=" + PER_PAGE + "&page=" + page, headers, null)
          .requireSuccess("listing the hooks of GitLab " + scope);
      for (JsonNode hook : response.json()) {
        if (url.toString().equals(hook.path("url").asText())) {
          return Optional.of(hook);
        }
      }
      page = response.header("x-next-page").orElse(null);
    }
    return Optional.empty();
  }

  @Override
  public String id(JsonNode hook) {
    return hook.path("id").asText();
  }

  @Override
  public Drift drift(JsonNode hook) {
    List<String> differences = new ArrayList<>();
    if (!url.toString().equals(hook.path("url").asText())) {
      differences.add("url");
    }
    // A field this GitLab does not return (an older version) cannot differ.
    if (hook.has("enable_ssl_verification") && hook.path("enable_ssl_verification").asBoolean() != sslVerification) {
      differences.add("enable_ssl_verification");
    }
    flags.forEach((flag, on) -> {
      if (hook.has(flag) && hook.path(flag).asBoolean() != on) {
        differences.add(flag);
      }
    });
    if (DISABLED.contains(hook.path("alert_status").asText())) {
      differences.add("alert_status " + hook.path("alert_status").asText());
    }
    return drift(differences, hook, "token");
  }

  @Override
  protected String body() {
    ObjectNode body = JSON.createObjectNode();
    body.put("url", url.toString());
    body.put("token", secret);
    body.put("enable_ssl_verification", sslVerification);
    flags.forEach(body::put);
    return body.toString();
  }
}
