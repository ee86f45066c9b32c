package dev.hookgate.operator.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.fake.FakeGitLabApi;
import dev.hookgate.routing.ProviderType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProviderRegistrarsTest {

  private static final URI URL = URI.create("https://hooks.example.com/h/0123456789abcdef0123456789abcdef");

  @ParameterizedTest
  @EnumSource(value = ProviderType.class, names = {"GITHUB", "GITLAB", "BITBUCKET", "STRIPE", "SHOPIFY"})
  void apiProvidersRegisterThroughTheApiButKeepTheInstructionsWithoutCredentials(ProviderType type) {
    ProviderRegistrars registrars = new ProviderRegistrars();
    assertThat(registrars.forProvider(type).registersThroughApi()).isTrue();

    ProviderRegistrar withoutCredentials = registrars.forEndpoint(endpoint(type.wireName(), ""));

    assertThat(withoutCredentials.registersThroughApi()).isFalse();
    RegistrationResult result = withoutCredentials.register(
        new RegistrationRequest(endpoint(type.wireName(), ""), URL, "s3cret-value", null, null));
    assertThat(result).isInstanceOf(RegistrationResult.Manual.class);
    assertThat(((RegistrationResult.Manual) result).instructions()).contains(URL.toString());
  }

  @ParameterizedTest
  @EnumSource(value = ProviderType.class, names = {"SLACK", "STANDARD_WEBHOOKS", "TWILIO", "LINEAR", "ZOOM", "GENERIC"})
  void theOthersStayManual(ProviderType type) {
    assertThat(new ProviderRegistrars().forProvider(type).registersThroughApi()).isFalse();
  }

  @Test
  void withCredentialsTheGitLabEntryCallsGitLab() {
    try (FakeGitLabApi gitlab = new FakeGitLabApi("glpat-wiring-0123456789");
        ProviderApis apis = new ProviderApis(Duration.ofSeconds(5), Clock.systemUTC())) {
      gitlab.addScope("projects/42");
      WebhookEndpoint endpoint = endpoint("gitlab", "gitlab: {baseUrl: \"" + gitlab.baseUrl()
          + "\", project: \"42\", credentialsSecretRef: {name: gitlab-api}}");

      ProviderRegistrar registrar = new ProviderRegistrars(apis).forEndpoint(endpoint);
      RegistrationResult result = registrar.register(new RegistrationRequest(
          endpoint, URL, "hook-secret-value", new ProviderCredentials("team/gitlab-api",
              Map.of("token", "glpat-wiring-0123456789")), null));

      assertThat(result).isInstanceOf(RegistrationResult.Registered.class);
      assertThat(gitlab.hooksAt("projects/42", URL.toString())).hasSize(1);
    }
  }

  private static WebhookEndpoint endpoint(String type, String block) {
    return new KubernetesSerialization().unmarshal("""
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: hooks, namespace: team}
        spec:
          provider: {type: %s, %s}
          signingSecretRef: {name: hook-secret, key: token}
          events: ["Push Hook"]
          target: {service: {name: t, port: 80}}
        """.formatted(type, block.isEmpty() ? "" : block), WebhookEndpoint.class);
  }
}
