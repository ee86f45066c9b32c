package dev.hookgate.operator.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.operator.provider.SingleHookRegistration.Drift;
import dev.hookgate.operator.provider.SingleHookRegistration.ProviderHooks;
import dev.hookgate.operator.provider.api.PathSegment;
import dev.hookgate.operator.provider.api.ProviderApi;
import dev.hookgate.operator.provider.api.ProviderApiException;
import dev.hookgate.operator.provider.api.ProviderResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls on a REST collection of hooks that takes JSON and never shows a hook's secret again (GitLab's
 * {@code .../hooks}, Bitbucket's): {@code GET/PUT/DELETE <collection>/<id>}, {@code POST <collection>}.
 * {@link PushedSecrets} remembers what was sent, so a rotated secret is pushed and an unchanged one is not.
 */
public abstract class JsonHooksCollection implements ProviderHooks<JsonNode> {

  protected final ProviderApi api;
  protected final String hooksPath;
  protected final Map<String, String> headers;
  protected final String secret;
  private final boolean secretChanged;
  private final PushedSecrets pushedSecrets;

  /**
   * @param hooksPath the collection below the API root, e.g. {@code /projects/group%2Fapp/hooks}
   * @param headers the authentication headers
   * @param secret the signing secret the hook must have; null when deregistering
   * @param secretChanged the operator says the secret may differ from the hook's (see
   *     {@link dev.hookgate.operator.provider.RegistrationRequest#secretChanged})
   */
  protected JsonHooksCollection(ProviderApi api, String hooksPath, Map<String, String> headers, String secret,
      boolean secretChanged, PushedSecrets pushedSecrets) {
    this.api = api;
    this.hooksPath = hooksPath;
    this.headers = Map.copyOf(headers);
    this.secret = secret;
    this.secretChanged = secretChanged;
    this.pushedSecrets = pushedSecrets;
  }

  /** The JSON body of a create or an update, secret included. */
  protected abstract String body();

  @Override
  public Optional<JsonNode> get(String id) throws ProviderApiException {
    ProviderResponse response = api.send("GET", hookPath(id), headers, null);
    if (response.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(response.requireSuccess("reading " + describe() + " " + id).json());
  }

  @Override
  public JsonNode create() throws ProviderApiException {
    JsonNode created = api.send("POST", hooksPath, headers, body()).requireSuccess("creating a " + describe()).json();
    pushedSecrets.pushed(hookKey(id(created)), secret);
    return created;
  }

  @Override
  public void update(JsonNode hook) throws ProviderApiException {
    String id = id(hook);
    api.send("PUT", hookPath(id), headers, body()).requireSuccess("updating " + describe() + " " + id);
    pushedSecrets.pushed(hookKey(id), secret);
  }

  @Override
  public boolean delete(String id) throws ProviderApiException {
    ProviderResponse response = api.send("DELETE", hookPath(id), headers, null);
    pushedSecrets.forget(hookKey(id));
    if (response.status() == 404) {
      return false;
    }
    response.requireSuccess("deleting " + describe() + " " + id);
    return true;
  }

  /**
   * @param differences what visibly differs
   * @param secretName the provider's name for the secret, e.g. "token"
   * @return the hook's drift: the visible differences, and the secret as far as this process (or the operator's
   *     record of the last push) knows it
   */
  protected Drift drift(List<String> differences, JsonNode hook, String secretName) {
    List<String> all = new ArrayList<>(differences);
    PushedSecrets.Knowledge known = pushedSecrets.knowledge(hookKey(id(hook)), secret);
    if (known == PushedSecrets.Knowledge.DIFFERENT || (secretChanged && known == PushedSecrets.Knowledge.UNKNOWN)) {
      all.add(secretName);
    }
    return new Drift(all, known == PushedSecrets.Knowledge.UNKNOWN);
  }

  private String hookPath(String id) {
    return hooksPath + "/" + PathSegment.encode(id);
  }

  private String hookKey(String id) {
    return api.baseUrl() + hookPath(id);
  }
}
