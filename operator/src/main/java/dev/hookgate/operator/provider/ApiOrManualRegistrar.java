package dev.hookgate.operator.provider;

/**
 * A provider with a registration API, for endpoints that may not use it: with no credentials Secret in the
 * provider block the endpoint keeps the manual instructions, as before registration through the API existed.
 */
final class ApiOrManualRegistrar implements ProviderRegistrar {

  private final ProviderRegistrar api;
  private final ProviderRegistrar manual;

  ApiOrManualRegistrar(ProviderRegistrar api, ProviderRegistrar manual) {
    this.api = api;
    this.manual = manual;
  }

  @Override
  public boolean registersThroughApi() {
    return api.registersThroughApi();
  }

  @Override
  public RegistrationResult register(RegistrationRequest request) {
    return chosen(request).register(request);
  }

  @Override
  public RegistrationResult deregister(RegistrationRequest request) {
    return chosen(request).deregister(request);
  }

  private ProviderRegistrar chosen(RegistrationRequest request) {
    return request.credentials().isEmpty() ? manual : api;
  }
}
