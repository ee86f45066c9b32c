package dev.hookgate.operator.provider.stripe;

import dev.hookgate.operator.api.StripeProviderSpec;
import dev.hookgate.operator.provider.ProviderRegistrar;
import dev.hookgate.operator.provider.RegistrationRequest;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.SecretRedaction;
import dev.hookgate.operator.provider.SingleHookRegistration;
import dev.hookgate.operator.provider.api.ProviderApiClients;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * Registers the endpoint as a Stripe webhook endpoint (API key from the credentials Secret's {@code apiKey} key,
 * as Bearer). Stripe issues the signing secret: it comes back in {@link RegistrationResult.Registered#issuedSecret}
 * on create, for the operator to store at once; an endpoint of ours whose secret was not stored is replaced
 * (deleted, then created anew), so there is never a second endpoint nor one nobody can verify.
 */
public final class StripeRegistrar implements ProviderRegistrar {

  static final String API_KEY = "apiKey";

  private final ProviderApiClients clients;

  public StripeRegistrar(ProviderApiClients clients) {
    this.clients = clients;
  }

  @Override
  public boolean registersThroughApi() {
    return true;
  }

  @Override
  public RegistrationResult register(RegistrationRequest request) {
    RegistrationResult.Failed unusable = unusable(request);
    if (unusable != null) {
      return unusable;
    }
    List<String> enabledEvents = StripeEvents.enabledEvents(request.endpoint().getSpec().getEvents());
    return SingleHookRegistration.register(endpoints(request, enabledEvents), request, redaction(request));
  }

  @Override
  public RegistrationResult deregister(RegistrationRequest request) {
    RegistrationResult.Failed unusable = unusable(request);
    if (unusable != null) {
      return unusable;
    }
    return SingleHookRegistration.deregister(endpoints(request, List.of()), request, redaction(request));
  }

  private static RegistrationResult.Failed unusable(RegistrationRequest request) {
    if (request.credentials().value(API_KEY).isEmpty()) {
      return new RegistrationResult.Failed(FailureKind.CREDENTIALS_INVALID,
          "the credentials Secret " + request.credentials().secretName() + " has no key '" + API_KEY + "'", null);
    }
    return null;
  }

  private StripeWebhookEndpoints endpoints(RegistrationRequest request, List<String> enabledEvents) {
    StripeProviderSpec spec = request.endpoint().getSpec().getProvider().getStripe();
    String base = spec == null || spec.getApiBaseUrl() == null
        ? StripeProviderSpec.DEFAULT_API_BASE_URL : spec.getApiBaseUrl();
    return new StripeWebhookEndpoints(clients.at(URI.create(base.replaceAll("/+$", ""))),
        request.credentials().value(API_KEY).orElseThrow(), request.endpointName(), request.url(),
        request.signingSecret(), enabledEvents);
  }

  private static SecretRedaction redaction(RegistrationRequest request) {
    return SecretRedaction.of(Arrays.asList(request.credentials().value(API_KEY).orElse(null),
        request.signingSecret()));
  }
}
