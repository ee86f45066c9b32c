package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.SecretKeyRef;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.dependent.ManagedLabels;
import dev.hookgate.operator.provider.SigningSecrets;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes signing secrets the operator owns or receives: a generated one into {@code <endpoint>-signing} when
 * spec.signingSecretRef is absent, and a provider-issued one (Stripe) into the endpoint's signing Secret. A Secret
 * the operator creates is owned by the endpoint, so it goes when the endpoint goes. Values are never logged.
 */
public class SigningSecretWriter {

  private final KubernetesClient client;

  public SigningSecretWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Creates the generated Secret with {@code value}; when it already exists (a race), returns that one. */
  public Secret createGenerated(WebhookEndpoint endpoint, SecretKeyRef ref, String value) {
    Secret secret = newSecret(endpoint, ref, value);
    try {
      return client.secrets().inNamespace(namespace(endpoint)).resource(secret).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return client.secrets().inNamespace(namespace(endpoint)).withName(ref.getName()).get();
    }
  }

  /**
   * Stores a provider-issued secret under {@code ref}, creating the Secret (owned by the endpoint when generated)
   * if it is missing.
   *
   * @return the Secret's resourceVersion after the write
   */
  public String storeIssued(WebhookEndpoint endpoint, SecretKeyRef ref, String value) {
    Secret existing = client.secrets().inNamespace(namespace(endpoint)).withName(ref.getName()).get();
    if (existing == null) {
      return client.secrets().inNamespace(namespace(endpoint)).resource(newSecret(endpoint, ref, value)).create()
          .getMetadata().getResourceVersion();
    }
    return client.secrets().inNamespace(namespace(endpoint)).withName(ref.getName())
        .edit(secret -> {
          if (secret.getStringData() != null) {
            secret.getStringData().remove(ref.getKey());
          }
          secret.getData().put(ref.getKey(), encode(value));
          return secret;
        })
        .getMetadata().getResourceVersion();
  }

  private static Secret newSecret(WebhookEndpoint endpoint, SecretKeyRef ref, String value) {
    SecretBuilder builder = new SecretBuilder()
        .withNewMetadata()
        .withName(ref.getName())
        .withNamespace(namespace(endpoint))
        .withLabels(ManagedLabels.managed())
        .endMetadata()
        .withType("Opaque")
        .addToData(ref.getKey(), encode(value));
    if (SigningSecrets.isGenerated(endpoint)) {
      builder.editMetadata().withOwnerReferences(new OwnerReferenceBuilder()
          .withApiVersion(endpoint.getApiVersion())
          .withKind(endpoint.getKind())
          .withName(endpoint.getMetadata().getName())
          .withUid(endpoint.getMetadata().getUid())
          .withController(true)
          .withBlockOwnerDeletion(false)
          .build()).endMetadata();
    }
    return builder.build();
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String namespace(WebhookEndpoint endpoint) {
    return endpoint.getMetadata().getNamespace();
  }
}
