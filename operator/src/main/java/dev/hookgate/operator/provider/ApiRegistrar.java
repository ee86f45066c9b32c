package dev.hookgate.operator.provider;

import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.api.ProviderApiException;
import java.net.URI;
import java.util.List;

/**
 * What every registrar that calls a provider's API does around its calls: refuse an unusable provider block or
 * credentials Secret before any call, turn a failed call (or a base URL that is no URL, which the CRD's pattern
 * stops on a real API server only) into {@link RegistrationResult.Failed}, and mask the credentials and the
 * signing secret out of whatever it reports.
 */
public abstract class ApiRegistrar implements ProviderRegistrar {

  protected final ProviderApis apis;

  protected ApiRegistrar(ProviderApis apis) {
    this.apis = apis;
  }

  @Override
  public final boolean registersThroughApi() {
    return true;
  }

  @Override
  public final RegistrationResult register(RegistrationRequest request) {
    RegistrationResult.Failed unusable = unusable(request);
    if (unusable != null) {
      return unusable;
    }
    SecretRedaction redaction = SecretRedaction.of(secrets(request));
    try {
      return redaction.apply(registerChecked(request));
    } catch (ProviderApiException e) {
      return redaction.apply(e.toResult());
    } catch (IllegalArgumentException e) {
      return redaction.apply(invalid("the provider block's API URL is not usable: " + e.getMessage()));
    }
  }

  @Override
  public final RegistrationResult deregister(RegistrationRequest request) {
    RegistrationResult.Failed unusable = unusable(request);
    if (unusable != null) {
      return unusable;
    }
    SecretRedaction redaction = SecretRedaction.of(secrets(request));
    try {
      return redaction.apply(deregisterChecked(request));
    } catch (ProviderApiException e) {
      return redaction.apply(e.toResult());
    } catch (IllegalArgumentException e) {
      return redaction.apply(invalid("the provider block's API URL is not usable: " + e.getMessage()));
    }
  }

  /** Why the provider block or the credentials cannot be used; null when they can. */
  protected abstract RegistrationResult.Failed unusable(RegistrationRequest request);

  /** The credential values and the signing secret of the request, never to appear in a result. */
  protected abstract List<String> secrets(RegistrationRequest request);

  /** {@link #register} once {@link #unusable} found nothing wrong. */
  protected abstract RegistrationResult registerChecked(RegistrationRequest request) throws ProviderApiException;

  /** {@link #deregister} once {@link #unusable} found nothing wrong. */
  protected abstract RegistrationResult deregisterChecked(RegistrationRequest request) throws ProviderApiException;

  protected static RegistrationResult.Failed invalid(String message) {
    return new RegistrationResult.Failed(FailureKind.INVALID_CONFIGURATION, message, null);
  }

  /** The credentials Secret lacks what the provider needs. */
  protected static RegistrationResult.Failed missingCredentials(RegistrationRequest request, String keys) {
    return new RegistrationResult.Failed(FailureKind.CREDENTIALS_INVALID,
        "the credentials Secret " + request.credentials().secretName() + " has no " + keys, null);
  }

  /** @param configured the provider block's base URL; null for the provider's own */
  protected static URI apiRoot(String configured, String providerDefault) {
    return URI.create((configured == null ? providerDefault : configured).replaceAll("/+$", ""));
  }
}
