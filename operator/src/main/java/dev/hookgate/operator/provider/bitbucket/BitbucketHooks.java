package dev.hookgate.operator.provider.bitbucket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookgate.operator.provider.JsonHooksCollection;
import dev.hookgate.operator.provider.PushedSecrets;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.SingleHookRegistration.Drift;
import dev.hookgate.operator.provider.api.ProviderApi;
import dev.hookgate.operator.provider.api.ProviderApiException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The hooks of one Bitbucket Cloud repository or workspace, with what the endpoint wants of its hook. Bitbucket
 * shows only {@code secret_set}, never the secret, so {@link PushedSecrets} says when to send it.
 */
final class BitbucketHooks extends JsonHooksCollection {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE_LENGTH = 100;
  /** Stops a provider that keeps answering with a next page from looping forever. */
  private static final int MAX_PAGES = 1000;

  private final String scope;
  private final URI url;
  private final List<String> events;
  private final String description;

  /**
   * @param hooksPath e.g. {@code /repositories/acme/app/hooks}
   * @param scope e.g. {@code repository acme/app}, for messages
   * @param authorization the Authorization header's value
   * @param url null when deregistering
   * @param secret null when deregistering
   * @param secretChanged the operator says the secret may differ from the hook's
   */
  BitbucketHooks(ProviderApi api, String hooksPath, String scope, String authorization, URI url, String secret,
      boolean secretChanged, List<String> events, String description, PushedSecrets pushedSecrets) {
    super(api, hooksPath, Map.of("Authorization", authorization), secret, secretChanged, pushedSecrets);
    this.scope = scope;
    this.url = url;
    this.events = events;
    this.description = description;
  }

  @Override
  public String describe() {
    return "hook of Bitbucket " + scope;
  }

  @Override
  public Optional<JsonNode> findOurs() throws ProviderApiException {
    if (url == null) {
      return Optional.empty();
    }
    String page = hooksPath + "?pagelen=" + PAGE_LENGTH;
    for (int pages = 0; pages < MAX_PAGES && page != null; pages++) {
      JsonNode body = api.send("GET", page, headers, null)
          .requireSuccess("listing the hooks of Bitbucket " + scope).json();
      for (JsonNode hook : body.path("values")) {
        if (url.toString().equals(hook.path("url").asText())) {
          return Optional.of(hook);
        }
      }
      page = body.hasNonNull("next") ? sameApi(body.path("next").asText()) : null;
    }
    return Optional.empty();
  }

  /** The credentials go only where they belong: a next link elsewhere is a broken provider, not a page. */
  private String sameApi(String next) throws ProviderApiException {
    if (!next.startsWith(api.baseUrl().toString() + "/")) {
      throw new ProviderApiException(FailureKind.PROVIDER_UNAVAILABLE,
          "listing the hooks of Bitbucket " + scope + ": the next page is not on " + api.baseUrl(), null, 0);
    }
    return next;
  }

  @Override
  public String id(JsonNode hook) {
    return hook.path("uuid").asText();
  }

  @Override
  public Drift drift(JsonNode hook) {
    List<String> differences = new ArrayList<>();
    if (!url.toString().equals(hook.path("url").asText())) {
      differences.add("url");
    }
    TreeSet<String> actual = new TreeSet<>();
    hook.path("events").forEach(event -> actual.add(event.asText()));
    if (!actual.equals(new TreeSet<>(events))) {
      differences.add("events");
    }
    if (!hook.path("active").asBoolean(true)) {
      differences.add("inactive");
    }
    if (hook.has("secret_set") && !hook.path("secret_set").asBoolean()) {
      differences.add("no secret");
    }
    return drift(differences, hook, "secret");
  }

  @Override
  protected String body() {
    ObjectNode body = JSON.createObjectNode();
    body.put("description", description);
    body.put("url", url.toString());
    body.put("active", true);
    body.put("secret", secret);
    events.forEach(body.putArray("events")::add);
    return body.toString();
  }
}
