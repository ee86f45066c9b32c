package dev.hookgate.operator.provider.bitbucket;

import dev.hookgate.operator.api.BitbucketProviderSpec;
import dev.hookgate.operator.provider.ProviderCredentials;
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
public final class BitbucketRegistrar implements ProviderRegistrar {

  static final String TOKEN_KEY = "token";
  static final String USERNAME_KEY = "username";
  static final String APP_PASSWORD_KEY = "appPassword";

  private final ProviderApiClients clients;
  private final PushedSecrets pushedSecrets = new PushedSecrets();

  public BitbucketRegistrar(ProviderApiClients clients) {
    this.clients = clients;
  }

  @Override
  public boolean registersThroughApi() {
    return true;
  }

  @Override
  public RegistrationResult register(RegistrationRequest request) {
    BitbucketProviderSpec spec = request.endpoint().getSpec().getProvider().getBitbucket();
    RegistrationResult.Failed unusable = unusable(spec, request);
    if (unusable != null) {
      return unusable;
    }
    if (request.signingSecret() == null) {
      return new RegistrationResult.Failed(FailureKind.INVALID_CONFIGURATION,
          "no signing secret to give the Bitbucket hook", null);
    }
    List<String> events;
    try {
      events = BitbucketEvents.keys(request.endpoint().getSpec().getEvents(), spec.getRepository() == null);
    } catch (IllegalArgumentException e) {
      return new RegistrationResult.Failed(FailureKind.INVALID_CONFIGURATION, e.getMessage(), null);
    }
    return SingleHookRegistration.register(hooks(spec, request, events), request, redaction(request));
  }

  @Override
  public RegistrationResult deregister(RegistrationRequest request) {
    BitbucketProviderSpec spec = request.endpoint().getSpec().getProvider().getBitbucket();
    RegistrationResult.Failed unusable = unusable(spec, request);
    if (unusable != null) {
      return unusable;
    }
    return SingleHookRegistration.deregister(hooks(spec, request, List.of()), request, redaction(request));
  }

  /** Why the provider block or the credentials cannot be used; null when they can. */
  private static RegistrationResult.Failed unusable(BitbucketProviderSpec spec, RegistrationRequest request) {
    if (spec == null || spec.getWorkspace() == null) {
      return new RegistrationResult.Failed(FailureKind.INVALID_CONFIGURATION,
          "spec.provider.bitbucket needs a workspace (and a repository for a repository hook)", null);
    }
    if (authorization(request.credentials()).isEmpty()) {
      return new RegistrationResult.Failed(FailureKind.CREDENTIALS_INVALID, "the credentials Secret "
          + request.credentials().secretName() + " has neither key '" + TOKEN_KEY + "' nor keys '" + USERNAME_KEY
          + "' and '" + APP_PASSWORD_KEY + "'", null);
    }
    return null;
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

  private BitbucketHooks hooks(BitbucketProviderSpec spec, RegistrationRequest request, List<String> events) {
    String base = spec.getBaseUrl() == null ? BitbucketProviderSpec.DEFAULT_BASE_URL : spec.getBaseUrl();
    URI apiRoot = URI.create(base.replaceAll("/+$", ""));
    String workspace = spec.getWorkspace();
    String repository = spec.getRepository();
    String hooksPath = repository == null
        ? "/workspaces/" + PathSegment.encode(workspace) + "/hooks"
        : "/repositories/" + PathSegment.encode(workspace) + "/" + PathSegment.encode(repository) + "/hooks";
    String scope = repository == null ? "workspace " + workspace : "repository " + workspace + "/" + repository;
    return new BitbucketHooks(clients.at(apiRoot), hooksPath, scope, authorization(request.credentials()).orElseThrow(),
        request.url(), request.signingSecret(), events, "hookgate " + request.endpointName(), pushedSecrets);
  }

  private static SecretRedaction redaction(RegistrationRequest request) {
    ProviderCredentials credentials = request.credentials();
    return SecretRedaction.of(Arrays.asList(credentials.value(TOKEN_KEY).orElse(null),
        credentials.value(APP_PASSWORD_KEY).orElse(null), authorization(credentials).orElse(null),
        request.signingSecret()));
  }
}
