package dev.hookgate.operator.provider.gitlab;

import dev.hookgate.operator.api.GitLabProviderSpec;
import dev.hookgate.operator.provider.ApiRegistrar;
import dev.hookgate.operator.provider.PushedSecrets;
import dev.hookgate.operator.provider.RegistrationRequest;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.SingleHookRegistration;
import dev.hookgate.operator.provider.api.PathSegment;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.api.ProviderApiException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Registers the endpoint as a GitLab project or group hook through the REST API ({@code PRIVATE-TOKEN} from the
 * credentials Secret's {@code token} key): URL, the signing secret as the hook's {@code token}, the event flags of
 * {@link GitLabEvents} and {@code enable_ssl_verification}.
 */
public final class GitLabRegistrar extends ApiRegistrar {

  static final String TOKEN_KEY = "token";

  private final PushedSecrets pushedSecrets = new PushedSecrets();

  public GitLabRegistrar(ProviderApis apis) {
    super(apis);
  }

  @Override
  protected RegistrationResult.Failed unusable(RegistrationRequest request) {
    GitLabProviderSpec spec = spec(request);
    if (spec == null || (spec.getProject() == null) == (spec.getGroup() == null)) {
      return invalid("spec.provider.gitlab needs exactly one of project or group");
    }
    return request.credentials().value(TOKEN_KEY).isEmpty() ? missingCredentials(request, "key '" + TOKEN_KEY + "'")
        : null;
  }

  @Override
  protected List<String> secrets(RegistrationRequest request) {
    return Arrays.asList(request.credentials().value(TOKEN_KEY).orElse(null), request.signingSecret());
  }

  @Override
  protected RegistrationResult registerChecked(RegistrationRequest request) throws ProviderApiException {
    if (request.signingSecret() == null) {
      return invalid("no signing secret to give the GitLab hook as its token");
    }
    Map<String, Boolean> flags;
    try {
      flags = GitLabEvents.flags(request.endpoint().getSpec().getEvents(), spec(request).getGroup() != null);
    } catch (IllegalArgumentException e) {
      return invalid(e.getMessage());
    }
    return SingleHookRegistration.register(hooks(request, flags), request.knownHookId());
  }

  @Override
  protected RegistrationResult deregisterChecked(RegistrationRequest request) throws ProviderApiException {
    return SingleHookRegistration.deregister(hooks(request, Map.of()), request.knownHookId());
  }

  private static GitLabProviderSpec spec(RegistrationRequest request) {
    return request.endpoint().getSpec().getProvider().getGitlab();
  }

  private GitLabHooks hooks(RegistrationRequest request, Map<String, Boolean> flags) {
    GitLabProviderSpec spec = spec(request);
    boolean group = spec.getGroup() != null;
    String id = group ? spec.getGroup() : spec.getProject();
    String hooksPath = (group ? "/groups/" : "/projects/") + PathSegment.encode(id) + "/hooks";
    boolean sslVerification = spec.getEnableSslVerification() == null || spec.getEnableSslVerification();
    return new GitLabHooks(
        apis.forBaseUrl(URI.create(apiRoot(spec.getBaseUrl(), GitLabProviderSpec.DEFAULT_BASE_URL) + "/api/v4")),
        hooksPath, (group ? "group " : "project ") + id, request.credentials().value(TOKEN_KEY).orElseThrow(),
        request.url(), request.signingSecret(), request.secretChanged(), flags, sslVerification, pushedSecrets);
  }
}
