package dev.hookgate.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Tells apart the two reasons the informer has no Secret of a name: there is none, or there is one of a type the
 * operator leaves out ({@link UnreadSecretTypes}), so that the endpoint's condition can say which. One GET, asked
 * only while an endpoint's Secret is missing; the Secret read is not kept.
 */
public class UnreadSecretCheck {

  private final KubernetesClient client;

  public UnreadSecretCheck(KubernetesClient client) {
    this.client = client;
  }

  /** The type of the Secret {@code namespace/name} when it exists with a type the operator does not read. */
  Optional<String> unreadTypeOf(String namespace, String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(secret).map(Secret::getType).filter(UnreadSecretTypes.TYPES::contains);
  }
}
