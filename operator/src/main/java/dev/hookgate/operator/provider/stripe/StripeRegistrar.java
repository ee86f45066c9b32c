package dev.hookgate.operator.provider.stripe;

import dev.hookgate.operator.api.StripeProviderSpec;
import dev.hookgate.operator.provider.ApiRegistrar;
import dev.hookgate.operator.provider.RegistrationRequest;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.SingleHookRegistration;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.api.ProviderApiException;
import java.util.Arrays;
import java.util.List;

/**
 * Registers the endpoint as a Stripe webhook endpoint (API key from the credentials Secret's {@code apiKey} key,
 * as Bearer). Stripe issues the signing secret: it comes back in {@link RegistrationResult.Registered#issuedSecret}
 * on create, for the operator to store at once; an endpoint of ours whose secret was not stored is replaced
 * (deleted, then created anew), so there is never a second endpoint nor one nobody can verify.
 */
public final class StripeRegistrar extends ApiRegistrar {

  static final String API_KEY = "apiKey";

  public StripeRegistrar(ProviderApis apis) {
    super(apis);
  }

  @Override
  public boolean issuesSigningSecret() {
    return true;
  }

  @Override
  protected RegistrationResult.Failed unusable(RegistrationRequest request) {
    return request.credentials().value(API_KEY).isEmpty() ? missingCredentials(request, "key '" + API_KEY + "'")
        : null;
  }

  @Override
  protected List<String> secrets(RegistrationRequest request) {
    return Arrays.asList(request.credentials().value(API_KEY).orElse(null), request.signingSecret());
  }

  @Override
  protected RegistrationResult registerChecked(RegistrationRequest request) throws ProviderApiException {
    List<String> enabledEvents = StripeEvents.enabledEvents(request.endpoint().getSpec().getEvents());
    return SingleHookRegistration.register(endpoints(request, enabledEvents), request.knownHookId());
  }

  @Override
  protected RegistrationResult deregisterChecked(RegistrationRequest request) throws ProviderApiException {
    return SingleHookRegistration.deregister(endpoints(request, List.of()), request.knownHookId());
  }

  private StripeWebhookEndpoints endpoints(RegistrationRequest request, List<String> enabledEvents) {
    StripeProviderSpec spec = request.endpoint().getSpec().getProvider().getStripe();
    String apiBaseUrl = spec == null ? null : spec.getApiBaseUrl();
    return new StripeWebhookEndpoints(
        apis.forBaseUrl(apiRoot(apiBaseUrl, StripeProviderSpec.DEFAULT_API_BASE_URL)),
        request.credentials().value(API_KEY).orElseThrow(), request.endpointName(), request.url(),
        request.signingSecret(), enabledEvents);
  }
}
