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

  /**
   * Why the Secret {@code namespace/name}, missing from the informer, is missing: "Secret ns/name has type T, which
   * hookgate does not read: put the {@code contents} in an Opaque Secret" when it exists with such a type; empty
   * when there is none.
   */
  Optional<String> unreadTypeOf(String namespace, String name, String contents) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(secret).map(Secret::getType).filter(UnreadSecretTypes.TYPES::contains)
        .map(type -> "Secret " + namespace + "/" + name + " has type " + type + ", which hookgate does not read:"
            + " put the " + contents + " in an Opaque Secret");
  }
}
