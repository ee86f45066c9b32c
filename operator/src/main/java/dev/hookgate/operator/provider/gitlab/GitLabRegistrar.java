package dev.hookgate.operator.provider.gitlab;

import dev.hookgate.operator.api.GitLabProviderSpec;
import dev.hookgate.operator.provider.ProviderRegistrar;
import dev.hookgate.operator.provider.PushedSecrets;
import dev.hookgate.operator.provider.RegistrationRequest;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.SecretRedaction;
import dev.hookgate.operator.provider.SingleHookRegistration;
import dev.hookgate.operator.provider.api.PathSegment;
import dev.hookgate.operator.provider.api.ProviderApiClients;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;

/**
 * Registers the endpoint as a GitLab project or group hook through the REST API ({@code PRIVATE-TOKEN} from the
 * credentials Secret's {@code token} key): URL, the signing secret as the hook's {@code token}, the event flags of
 * {@link GitLabEvents} and {@code enable_ssl_verification}.
 */
public final class GitLabRegistrar implements ProviderRegistrar {

  static final String TOKEN_KEY = "token";

  private final ProviderApiClients clients;
  private final PushedSecrets pushedSecrets = new PushedSecrets();

  public GitLabRegistrar(ProviderApiClients clients) {
    this.clients = clients;
  }

  @Override
  public boolean registersThroughApi() {
    return true;
  }

  @Override
  public RegistrationResult register(RegistrationRequest request) {
    GitLabProviderSpec spec = request.endpoint().getSpec().getProvider().getGitlab();
    RegistrationResult.Failed unusable = unusable(spec, request);
    if (unusable != null) {
      return unusable;
    }
    if (request.signingSecret() == null) {
      return new RegistrationResult.Failed(FailureKind.INVALID_CONFIGURATION,
          "no signing secret to give the GitLab hook as its token", null);
    }
    Map<String, Boolean> flags;
    try {
      flags = GitLabEvents.flags(request.endpoint().getSpec().getEvents(), spec.getGroup() != null);
    } catch (IllegalArgumentException e) {
      return new RegistrationResult.Failed(FailureKind.INVALID_CONFIGURATION, e.getMessage(), null);
    }
    return SingleHookRegistration.register(hooks(spec, request, flags), request, redaction(request));
  }

  @Override
  public RegistrationResult deregister(RegistrationRequest request) {
    GitLabProviderSpec spec = request.endpoint().getSpec().getProvider().getGitlab();
    RegistrationResult.Failed unusable = unusable(spec, request);
    if (unusable != null) {
      return unusable;
    }
    return SingleHookRegistration.deregister(hooks(spec, request, Map.of()), request, redaction(request));
  }

  /** Why the provider block or the credentials cannot be used; null when they can. */
  private static RegistrationResult.Failed unusable(GitLabProviderSpec spec, RegistrationRequest request) {
    if (spec == null || (spec.getProject() == null) == (spec.getGroup() == null)) {
      return new RegistrationResult.Failed(FailureKind.INVALID_CONFIGURATION,
          "spec.provider.gitlab needs exactly one of project or group", null);
    }
    if (request.credentials().value(TOKEN_KEY).isEmpty()) {
      return new RegistrationResult.Failed(FailureKind.CREDENTIALS_INVALID,
          "the credentials Secret " + request.credentials().secretName() + " has no key '" + TOKEN_KEY + "'", null);
    }
    return null;
  }

  private GitLabHooks hooks(GitLabProviderSpec spec, RegistrationRequest request, Map<String, Boolean> flags) {
    String base = spec.getBaseUrl() == null ? GitLabProviderSpec.DEFAULT_BASE_URL : spec.getBaseUrl();
    URI apiRoot = URI.create(base.replaceAll("/+$", "") + "/api/v4");
    boolean group = spec.getGroup() != null;
    String id = group ? spec.getGroup() : spec.getProject();
    String hooksPath = (group ? "/groups/" : "/projects/") + PathSegment.encode(id) + "/hooks";
    boolean sslVerification = spec.getEnableSslVerification() == null || spec.getEnableSslVerification();
    return new GitLabHooks(clients.at(apiRoot), hooksPath, (group ? "group " : "project ") + id,
        request.credentials().value(TOKEN_KEY).orElseThrow(), request.url(), request.signingSecret(), flags,
        sslVerification, pushedSecrets);
  }

  private static SecretRedaction redaction(RegistrationRequest request) {
    return SecretRedaction.of(Arrays.asList(request.credentials().value(TOKEN_KEY).orElse(null),
        request.signingSecret()));
  }
}
