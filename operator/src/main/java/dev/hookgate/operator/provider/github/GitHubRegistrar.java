package dev.hookgate.operator.provider.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.operator.api.GitHubProviderBlock;
import dev.hookgate.operator.provider.ProviderRegistrar;
import dev.hookgate.operator.provider.RegistrationRequest;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.RegistrationResult.Change;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.api.LinkHeader;
import dev.hookgate.operator.provider.api.ProviderApi;
import dev.hookgate.operator.provider.api.ProviderApiException;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.api.ProviderResponse;
import dev.hookgate.operator.provider.api.RateLimitGate;
import dev.hookgate.operator.provider.api.RefusedCredentials;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Registers an endpoint as a GitHub repository or organization webhook through the REST API (github.com or GitHub
 * Enterprise Server). Idempotent: the hook is found by status.provider.hookId, else by config.url across every
 * page of the hook list, before one is created; drift (events, active, content type, URL) is repaired with a
 * PATCH that always carries the secret; a hook deleted at GitHub is created again.
 */
public final class GitHubRegistrar implements ProviderRegistrar {

  static final String API_VERSION = "2022-11-28";
  static final int PAGE_SIZE = 100;

  private final ProviderApis apis;
  private final GitHubTokens tokens = new GitHubTokens();
  private final RateLimitGate rateLimits;
  private final RefusedCredentials refused;

  public GitHubRegistrar(ProviderApis apis) {
    this.apis = apis;
    this.rateLimits = new RateLimitGate(apis.clock());
    this.refused = new RefusedCredentials(apis.clock());
  }

  @Override
  public boolean registersThroughApi() {
    return true;
  }

  @Override
  public RegistrationResult register(RegistrationRequest request) {
    Optional<Target> target = Target.of(request, apis);
    if (target.isEmpty()) {
      return Target.missing();
    }
    Target where = target.get();
    Optional<RegistrationResult.Failed> blocked = blocked(where, request);
    if (blocked.isPresent()) {
      return blocked.get();
    }
    GitHubHookSpec desired = GitHubHookSpec.of(request.url().toString(), request.endpoint().getSpec().getEvents(),
        request.signingSecret());
    try {
      Map<String, String> headers = headers(tokens.bearerToken(where.api(), request.credentials()));
      JsonNode known = request.knownHookId() == null ? null : get(where, headers, request.knownHookId());
      JsonNode hook = known != null ? known : findByUrl(where, headers, desired.url());
      if (hook == null) {
        JsonNode created = where.api().send("POST", where.hooksPath(), headers, desired.body())
            .requireSuccess("creating the " + where.describe() + " hook").json();
        String id = created.path("id").asText();
        boolean recreated = request.knownHookId() != null;
        return new RegistrationResult.Registered(id, recreated ? Change.RECREATED : Change.CREATED, null,
            (recreated ? "re-created " : "created ") + where.describe() + " hook " + id
                + (recreated ? " (hook " + request.knownHookId() + " was gone)" : ""));
      }
      String id = hook.path("id").asText();
      String differences = desired.differences(hook);
      // Found only by URL (no record of it), or the secret rotated: GitHub redacts the secret, so push it.
      boolean pushSecret = request.secretChanged() || known == null;
      if (differences.isEmpty() && !pushSecret) {
        return new RegistrationResult.Registered(id, Change.UNCHANGED, null, where.describe() + " hook " + id
            + " matches");
      }
      where.api().send("PATCH", where.hooksPath() + "/" + id, headers, desired.body())
          .requireSuccess("updating the " + where.describe() + " hook " + id);
      return new RegistrationResult.Registered(id, Change.UPDATED, null, "updated " + where.describe() + " hook "
          + id + ": " + (differences.isEmpty() ? "secret pushed" : differences));
    } catch (ProviderApiException e) {
      return failed(where, request, e);
    }
  }

  @Override
  public RegistrationResult deregister(RegistrationRequest request) {
    Optional<Target> target = Target.of(request, apis);
    if (target.isEmpty()) {
      return new RegistrationResult.Deregistered("no repository or organization named: nothing to delete");
    }
    Target where = target.get();
    Optional<RegistrationResult.Failed> blocked = blocked(where, request);
    if (blocked.isPresent()) {
      return blocked.get();
    }
    try {
      Map<String, String> headers = headers(tokens.bearerToken(where.api(), request.credentials()));
      String id = request.knownHookId();
      if (id == null && request.url() != null) {
        JsonNode hook = findByUrl(where, headers, request.url().toString());
        id = hook == null ? null : hook.path("id").asText();
      }
      if (id == null) {
        return new RegistrationResult.Deregistered("no " + where.describe() + " hook to delete");
      }
      ProviderResponse response = where.api().send("DELETE", where.hooksPath() + "/" + id, headers, null);
      if (response.status() == 404) {
        return new RegistrationResult.Deregistered(where.describe() + " hook " + id + " was already gone");
      }
      response.requireSuccess("deleting the " + where.describe() + " hook " + id);
      return new RegistrationResult.Deregistered("deleted " + where.describe() + " hook " + id);
    } catch (ProviderApiException e) {
      return failed(where, request, e);
    }
  }

  /** A failure without a request: the rate limit is not reset yet, or these credentials were just refused. */
  private Optional<RegistrationResult.Failed> blocked(Target where, RegistrationRequest request) {
    Optional<RegistrationResult.Failed> limited = rateLimits.closed(where.bucket());
    return limited.isPresent() ? limited : refused.check(where.api().baseUrl().toString(), request.credentials());
  }

  private RegistrationResult failed(Target where, RegistrationRequest request, ProviderApiException e) {
    rateLimits.record(where.bucket(), e);
    refused.record(where.api().baseUrl().toString(), request.credentials(), e);
    if (e.status() == 401) {
      tokens.forget(where.api(), request.credentials());
    }
    return e.toResult();
  }

  /**
   * The hook with this id when it still exists; null otherwise. Its URL may differ (the endpoint's host changed):
   * it is ours all the same, and the update moves it.
   */
  private static JsonNode get(Target where, Map<String, String> headers, String id) throws ProviderApiException {
    if (!id.matches("[0-9]{1,20}")) {
      return null;
    }
    ProviderResponse response = where.api().send("GET", where.hooksPath() + "/" + id, headers, null);
    if (response.status() == 404) {
      return null;
    }
    return response.requireSuccess("reading the " + where.describe() + " hook " + id).json();
  }

  /** Our hook, found by config.url on any page of the list; null when there is none. */
  private static JsonNode findByUrl(Target where, Map<String, String> headers, String url)
      throws ProviderApiException {
    String page = where.hooksPath() + "?per_page=" + PAGE_SIZE;
    while (page != null) {
      ProviderResponse response = where.api().send("GET", page, headers, null)
          .requireSuccess("listing the " + where.describe() + " hooks");
      for (JsonNode hook : response.json()) {
        if (url.equals(hook.path("config").path("url").asText())) {
          return hook;
        }
      }
      page = LinkHeader.next(response).orElse(null);
    }
    return null;
  }

  static Map<String, String> headers(String bearer) {
    return Map.of(
        "Authorization", "Bearer " + bearer,
        "Accept", "application/vnd.github+json",
        "X-GitHub-Api-Version", API_VERSION,
        "User-Agent", "hookgate-operator");
  }

  /** Where the hook lives: a repository or an organization on one GitHub API. */
  private record Target(ProviderApi api, String hooksPath, String describe, String credentialsName) {

    static Optional<Target> of(RegistrationRequest request, ProviderApis apis) {
      GitHubProviderBlock block = request.endpoint().getSpec().getProvider().getGithub();
      if (block == null) {
        return Optional.empty();
      }
      String path;
      String describe;
      if (block.getRepository() != null && block.getRepository().contains("/")) {
        path = "/repos/" + block.getRepository() + "/hooks";
        describe = "repository " + block.getRepository();
      } else if (block.getOrganization() != null && !block.getOrganization().isBlank()) {
        path = "/orgs/" + block.getOrganization() + "/hooks";
        describe = "organization " + block.getOrganization();
      } else {
        return Optional.empty();
      }
      return Optional.of(new Target(apis.forBaseUrl(URI.create(block.apiBaseUrl())), path, describe,
          request.credentials().secretName()));
    }

    static RegistrationResult.Failed missing() {
      return new RegistrationResult.Failed(FailureKind.INVALID_CONFIGURATION,
          "spec.provider.github needs repository (owner/repo) or organization to register the hook", null);
    }

    /** GitHub counts the rate limit per token: one bucket per API and credentials Secret. */
    String bucket() {
      return api.baseUrl() + "|" + credentialsName;
    }
  }
}
