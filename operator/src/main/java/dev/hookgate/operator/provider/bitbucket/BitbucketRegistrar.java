package dev.hookgate.operator.provider.bitbucket;

import dev.hookgate.operator.api.BitbucketProviderSpec;
import dev.hookgate.operator.provider.ApiRegistrar;
import dev.hookgate.operator.provider.ProviderCredentials;
import dev.hookgate.operator.provider.PushedSecrets;
import dev.hookgate.operator.provider.RegistrationRequest;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.SingleHookRegistration;
import dev.hookgate.operator.provider.api.PathSegment;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.api.ProviderApiException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Registers the endpoint as a Bitbucket Cloud repository hook (with spec.provider.bitbucket.repository) or
 * workspace hook: URL, the signing secret as the hook's {@code secret}, the event keys of {@link BitbucketEvents}.
 * Credentials: the Secret's {@code token} (Bearer), or {@code username} and {@code appPassword} (Basic).
 */
public final class BitbucketRegistrar extends ApiRegistrar {

  static final String TOKEN_KEY = "token";
  static final String USERNAME_KEY = "username";
  static final String APP_PASSWORD_KEY = "appPassword";

  private final PushedSecrets pushedSecrets = new PushedSecrets();

  public BitbucketRegistrar(ProviderApis apis) {
    super(apis);
  }

  @Override
  protected RegistrationResult.Failed unusable(RegistrationRequest request) {
    BitbucketProviderSpec spec = spec(request);
    if (spec == null || spec.getWorkspace() == null) {
      return invalid("spec.provider.bitbucket needs a workspace (and a repository for a repository hook)");
    }
    return authorization(request.credentials()).isEmpty() ? missingCredentials(request, "key '" + TOKEN_KEY
        + "' nor keys '" + USERNAME_KEY + "' and '" + APP_PASSWORD_KEY + "'") : null;
  }

  @Override
  protected List<String> secrets(RegistrationRequest request) {
    ProviderCredentials credentials = request.credentials();
    return Arrays.asList(credentials.value(TOKEN_KEY).orElse(null), credentials.value(APP_PASSWORD_KEY).orElse(null),
        authorization(credentials).orElse(null), request.signingSecret());
  }

  @Override
  protected RegistrationResult registerChecked(RegistrationRequest request) throws ProviderApiException {
    if (request.signingSecret() == null) {
      return invalid("no signing secret to give the Bitbucket hook");
    }
    List<String> events;
    try {
      events = BitbucketEvents.keys(request.endpoint().getSpec().getEvents(), spec(request).getRepository() == null);
    } catch (IllegalArgumentException e) {
      return invalid(e.getMessage());
    }
    return SingleHookRegistration.register(hooks(request, events), request.knownHookId());
  }

  @Override
  protected RegistrationResult deregisterChecked(RegistrationRequest request) throws ProviderApiException {
    return SingleHookRegistration.deregister(hooks(request, List.of()), request.knownHookId());
  }

  private static BitbucketProviderSpec spec(RegistrationRequest request) {
    return request.endpoint().getSpec().getProvider().getBitbucket();
  }

  private static Optional<String> authorization(ProviderCredentials credentials) {
    Optional<String> token = credentials.value(TOKEN_KEY);
    if (token.isPresent()) {
      return Optional.of("Bearer " + token.get());
    }
    Optional<String> username = credentials.value(USERNAME_KEY);
    Optional<String> password = credentials.value(APP_PASSWORD_KEY);
    if (username.isEmpty() || password.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("Basic " + Base64.getEncoder()
        .encodeToString((username.get() + ":" + password.get()).getBytes(StandardCharsets.UTF_8)));
  }

  private BitbucketHooks hooks(RegistrationRequest request, List<String> events) {
    BitbucketProviderSpec spec = spec(request);
    String workspace = spec.getWorkspace();
    String repository = spec.getRepository();
    String hooksPath = repository == null
        ? "/workspaces/" + PathSegment.encode(workspace) + "/hooks"
        : "/repositories/" + PathSegment.encode(workspace) + "/" + PathSegment.encode(repository) + "/hooks";
    String scope = repository == null ? "workspace " + workspace : "repository " + workspace + "/" + repository;
    return new BitbucketHooks(apis.forBaseUrl(apiRoot(spec.getBaseUrl(), BitbucketProviderSpec.DEFAULT_BASE_URL)),
        hooksPath, scope, authorization(request.credentials()).orElseThrow(), request.url(), request.signingSecret(),
        request.secretChanged(), events, "hookgate " + request.endpointName(), pushedSecrets);
  }
}
