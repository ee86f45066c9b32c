package dev.hookgate.operator.provider.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.operator.provider.SingleHookRegistration.Drift;
import dev.hookgate.operator.provider.SingleHookRegistration.ProviderHooks;
import dev.hookgate.operator.provider.api.FormBody;
import dev.hookgate.operator.provider.api.PathSegment;
import dev.hookgate.operator.provider.api.ProviderApi;
import dev.hookgate.operator.provider.api.ProviderApiException;
import dev.hookgate.operator.provider.api.ProviderResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The webhook endpoints of a Stripe account ({@code /v1/webhook_endpoints}), with what one hookgate endpoint wants
 * of its own. Ours carries {@code metadata[hookgate_endpoint]=<namespace>/<name>} and the endpoint's URL. Stripe
 * shows the signing secret only in the reply to the create, so an endpoint whose secret was not stored (the
 * request has none) is replaced by a new one rather than kept.
 */
final class StripeWebhookEndpoints implements ProviderHooks<JsonNode> {

  static final String MARKER = "hookgate_endpoint";
  private static final String PATH = "/v1/webhook_endpoints";
  private static final int LIMIT = 100;
  /** Stops a provider that keeps answering has_more from looping forever. */
  private static final int MAX_PAGES = 1000;

  private final ProviderApi api;
  private final Map<String, String> headers;
  private final String owner;
  private final URI url;
  private final String signingSecret;
  private final List<String> enabledEvents;

  /**
   * @param owner the endpoint's {@code namespace/name}, the ownership marker
   * @param url null when deregistering
   * @param signingSecret the stored secret of our endpoint; null when it was never stored or is lost
   */
  StripeWebhookEndpoints(ProviderApi api, String apiKey, String owner, URI url, String signingSecret,
      List<String> enabledEvents) {
    this.api = api;
    this.headers = Map.of("Authorization", "Bearer " + apiKey);
    this.owner = owner;
    this.url = url;
    this.signingSecret = signingSecret;
    this.enabledEvents = enabledEvents;
  }

  @Override
  public String describe() {
    return "Stripe webhook endpoint";
  }

  @Override
  public Optional<JsonNode> get(String id) throws ProviderApiException {
    ProviderResponse response = api.send("GET", endpointPath(id), headers, null);
    if (response.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(response.requireSuccess("reading Stripe webhook endpoint " + id).json());
  }

  @Override
  public Optional<JsonNode> findOurs() throws ProviderApiException {
    if (url == null) {
      return Optional.empty();
    }
    String startingAfter = null;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      JsonNode page = api.send("GET", PATH + "?limit=" + LIMIT
              + (startingAfter == null ? "" : "&starting_after=" + PathSegment.encode(startingAfter)), headers, null)
          .requireSuccess("listing the Stripe webhook endpoints").json();
      for (JsonNode endpoint : page.path("data")) {
        if (owner.equals(endpoint.path("metadata").path(MARKER).asText())
            && url.toString().equals(endpoint.path("url").asText())) {
          return Optional.of(endpoint);
        }
        startingAfter = id(endpoint);
      }
      if (!page.path("has_more").asBoolean() || page.path("data").isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  @Override
  public JsonNode create() throws ProviderApiException {
    FormBody form = settings()
        .add("metadata[" + MARKER + "]", owner)
        .add("description", "hookgate " + owner);
    return api.send("POST", PATH, headers, form.toString(), FormBody.CONTENT_TYPE)
        .requireSuccess("creating a Stripe webhook endpoint").json();
  }

  @Override
  public void update(JsonNode endpoint) throws ProviderApiException {
    String id = id(endpoint);
    api.send("POST", endpointPath(id), headers, settings().add("disabled", "false").toString(), FormBody.CONTENT_TYPE)
        .requireSuccess("updating Stripe webhook endpoint " + id);
  }

  @Override
  public boolean delete(String id) throws ProviderApiException {
    ProviderResponse response = api.send("DELETE", endpointPath(id), headers, null);
    if (response.status() == 404) {
      return false;
    }
    response.requireSuccess("deleting Stripe webhook endpoint " + id);
    return true;
  }

  @Override
  public String id(JsonNode endpoint) {
    return endpoint.path("id").asText();
  }

  @Override
  public Drift drift(JsonNode endpoint) {
    List<String> differences = new ArrayList<>();
    if (!url.toString().equals(endpoint.path("url").asText())) {
      differences.add("url");
    }
    TreeSet<String> actual = new TreeSet<>();
    endpoint.path("enabled_events").forEach(event -> actual.add(event.asText()));
    if (!actual.equals(new TreeSet<>(enabledEvents))) {
      differences.add("enabled_events");
    }
    if ("disabled".equals(endpoint.path("status").asText())) {
      differences.add("status disabled");
    }
    return new Drift(differences, false);
  }

  @Override
  public String issuedSecret(JsonNode created) {
    return created.path("secret").asText(null);
  }

  @Override
  public Optional<String> replaceReason(JsonNode endpoint) {
    return signingSecret == null
        ? Optional.of("its signing secret was never stored, and Stripe shows it only when it creates an endpoint")
        : Optional.empty();
  }

  private FormBody settings() {
    FormBody form = new FormBody().add("url", url.toString());
    enabledEvents.forEach(event -> form.add("enabled_events[]", event));
    return form;
  }

  private static String endpointPath(String id) {
    return PATH + "/" + PathSegment.encode(id);
  }
}
