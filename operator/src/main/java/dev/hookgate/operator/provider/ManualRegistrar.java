package dev.hookgate.operator.provider;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.routing.ProviderType;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * For providers hookgate does not register through an API: ProviderRegistered=True with reason
 * ManualRegistrationRequired and a message that says exactly where to enter the URL and the secret. The message
 * names the Secret that holds the signing secret, never its value.
 */
final class ManualRegistrar implements ProviderRegistrar {

  /** Whether hookgate can register a provider's hooks through its API (when the endpoint names credentials). */
  private final Predicate<ProviderType> hasApiRegistrar;

  ManualRegistrar(Predicate<ProviderType> hasApiRegistrar) {
    this.hasApiRegistrar = hasApiRegistrar;
  }

  /** Where each provider takes the URL ({@code %1$s}) and the signing secret ({@code %2$s}, the Secret's name/key). */
  private static final Map<ProviderType, String> INSTRUCTIONS = new EnumMap<>(Map.ofEntries(
      Map.entry(ProviderType.GITHUB, "in the repository's or organization's Settings > Webhooks > Add webhook, set"
          + " Payload URL %1$s, Content type application/json, and Secret to the value in %2$s"),
      Map.entry(ProviderType.GITLAB, "in the project's or group's Settings > Webhooks, set URL %1$s and Secret token"
          + " to the value in %2$s"),
      Map.entry(ProviderType.STRIPE, "in the Stripe Dashboard > Developers > Webhooks > Add endpoint, enter %1$s,"
          + " then put the endpoint's signing secret (whsec_...) into %2$s"),
      Map.entry(ProviderType.SLACK, "in the Slack app's Event Subscriptions, set Request URL %1$s (hookgate answers"
          + " Slack's url_verification challenge), with the app's Signing Secret in %2$s"),
      Map.entry(ProviderType.SHOPIFY, "create the webhook subscription (Admin API or Settings > Notifications >"
          + " Webhooks) with URL %1$s; the app's client secret belongs in %2$s"),
      Map.entry(ProviderType.BITBUCKET, "in the repository's or workspace's Settings > Webhooks > Add webhook, set URL"
          + " %1$s and Secret to the value in %2$s"),
      Map.entry(ProviderType.STANDARD_WEBHOOKS, "give the sender the endpoint URL %1$s; its signing secret"
          + " (whsec_... or a whpk_ public key) belongs in %2$s"),
      Map.entry(ProviderType.TWILIO, "in the Twilio Console, set the phone number's or service's webhook to %1$s"
          + " (HTTP POST); the account's Auth Token belongs in %2$s"),
      Map.entry(ProviderType.LINEAR, "in Linear's Settings > API > Webhooks > New webhook, set URL %1$s; the"
          + " webhook's signing secret belongs in %2$s"),
      Map.entry(ProviderType.ZOOM, "in the Zoom app's Event Subscriptions, set the event notification endpoint URL"
          + " %1$s (hookgate answers Zoom's endpoint.url_validation); the app's Secret Token belongs in %2$s"),
      Map.entry(ProviderType.GENERIC, "configure the sender to POST to %1$s, signing with the secret in %2$s")));

  @Override
  public boolean registersThroughApi() {
    return false;
  }

  @Override
  public RegistrationResult register(RegistrationRequest request) {
    WebhookEndpoint endpoint = request.endpoint();
    URI url = request.url();
    var ref = SigningSecrets.effectiveRef(endpoint);
    String secret = "Secret " + endpoint.getMetadata().getNamespace() + "/" + ref.getName() + " key '" + ref.getKey() + "'";
    ProviderType type = endpoint.getSpec().getProvider().getType();
    String why = hasApiRegistrar.test(type)
        ? "spec.provider." + type.wireName() + " names no credentialsSecretRef, so hookgate does not register the"
            + " hook through the provider's API (name one to have it created and kept in sync); by hand: "
        : "hookgate does not register " + type.wireName() + " webhooks through an API: ";
    return new RegistrationResult.Manual(why + INSTRUCTIONS.get(type).formatted(url, secret));
  }

  @Override
  public RegistrationResult deregister(RegistrationRequest request) {
    // Nothing was registered; the provider keeps calling the URL until someone removes it there (it now gets 404).
    return new RegistrationResult.Deregistered("nothing was registered through an API");
  }
}
