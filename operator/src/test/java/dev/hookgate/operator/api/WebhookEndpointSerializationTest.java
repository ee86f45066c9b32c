package dev.hookgate.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class WebhookEndpointSerializationTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void anEmptyProviderBlockSurvivesTheCloneJosdkMakesOfEveryResource() {
    WebhookEndpoint endpoint = serialization.unmarshal("""
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: ci, namespace: team}
        spec:
          provider: {type: github, github: {}}
          signingSecretRef: {name: s, key: k}
          target: {service: {name: ci-events, port: 8080}}
        """, WebhookEndpoint.class);

    WebhookEndpoint clone = serialization.clone(endpoint);

    assertThat(clone.getSpec().getProvider().getGithub()).isNotNull();
    assertThat(serialization.asYaml(clone)).contains("github: {}");
  }

  @Test
  void anEmptyTimestampedBlockAndARotationSurviveTheCloneToo() {
    WebhookEndpoint endpoint = serialization.unmarshal("""
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: pay, namespace: shop}
        spec:
          provider: {type: stripe, stripe: {}}
          signingSecretRef: {name: s, key: k}
          previousSigningSecretRef: {name: old, key: k, expiresAt: "2025-06-01T00:00:00+02:00"}
          target: {service: {name: billing, port: 8080}}
        """, WebhookEndpoint.class);

    WebhookEndpoint clone = serialization.clone(endpoint);

    assertThat(clone.getSpec().getProvider().getStripe()).isNotNull();
    assertThat(clone.getSpec().getPreviousSigningSecretRef().getExpiresAt()).isEqualTo("2025-06-01T00:00:00+02:00");
    assertThat(serialization.asYaml(clone)).contains("stripe: {}");
  }
}
