package dev.hookgate.operator.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.routing.ProviderType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ManualRegistrarTest {

  private static final URI URL = URI.create("https://hooks.example.com/h/0123456789abcdef0123456789abcdef");

  @ParameterizedTest
  @EnumSource(ProviderType.class)
  void everyProviderGetsInstructionsNamingTheUrlAndTheSecretButNotItsValue(ProviderType type) {
    WebhookEndpoint endpoint = new KubernetesSerialization().unmarshal("""
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: hooks, namespace: team}
        spec:
          provider: {type: %s}
          signingSecretRef: {name: hook-secret, key: token}
          target: {service: {name: t, port: 80}}
        """.formatted(type.wireName()), WebhookEndpoint.class);

    RegistrationResult result = new ProviderRegistrars().forEndpoint(endpoint)
        .register(new RegistrationRequest(endpoint, URL, null, null, null));

    assertThat(result).isInstanceOf(RegistrationResult.Manual.class);
    String instructions = ((RegistrationResult.Manual) result).instructions();
    assertThat(instructions)
        .contains(URL.toString())
        .contains("Secret team/hook-secret key 'token'")
        .contains(type.wireName());
    // Where hookgate could register the hook, the message says what is missing for that, not that it cannot.
    if (new ProviderRegistrars().forProvider(type).registersThroughApi()) {
      assertThat(instructions).startsWith("spec.provider." + type.wireName() + " names no credentialsSecretRef")
          .doesNotContain("does not register " + type.wireName() + " webhooks");
    } else {
      assertThat(instructions).startsWith("hookgate does not register " + type.wireName() + " webhooks");
    }
  }
}
