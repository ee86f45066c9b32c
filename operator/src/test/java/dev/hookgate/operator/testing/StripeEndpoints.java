package dev.hookgate.operator.testing;

import dev.hookgate.operator.api.WebhookEndpoint;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Stripe endpoints the operator registers through a (fake) Stripe API, and their credentials Secret, for the
 * operator's tests and demo/'s end-to-end tests.
 */
public final class StripeEndpoints {

  public static final String CREDENTIALS = "stripe-api";

  private StripeEndpoints() {}

  /** The Secret {@value #CREDENTIALS} holding {@code apiKey}, as {@code data} (what the API server stores). */
  public static Secret credentials(String namespace, String apiKey) {
    return new SecretBuilder()
        .withNewMetadata().withName(CREDENTIALS).withNamespace(namespace).endMetadata()
        .addToData("apiKey", Base64.getEncoder().encodeToString(apiKey.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /**
   * @param signingSecretName the Secret for spec.signingSecretRef (key {@code whsec}); null for the generated one
   * @param targetPath spec.target.path of the Service {@code billing}
   */
  public static WebhookEndpoint registered(String name, String namespace, URI apiBaseUrl, String signingSecretName,
      List<String> events, String targetPath) {
    String signingSecretRef = signingSecretName == null ? ""
        : "  signingSecretRef: {name: " + signingSecretName + ", key: whsec}\n";
    return new KubernetesSerialization().unmarshal("""
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata: {name: %s, namespace: %s}
        spec:
          provider:
            type: stripe
            stripe:
              credentialsSecretRef: {name: %s}
              apiBaseUrl: %s
        %s  events: [%s]
          target: {service: {name: billing, port: 8080}, path: %s}
        """.formatted(name, namespace, CREDENTIALS, apiBaseUrl, signingSecretRef, String.join(", ", events),
        targetPath), WebhookEndpoint.class);
  }
}
