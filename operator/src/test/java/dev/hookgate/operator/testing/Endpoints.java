package dev.hookgate.operator.testing;

import static org.awaitility.Awaitility.await;

import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.WebhookEndpoint;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Reading WebhookEndpoints and their Events in a namespace, and waiting for a condition, in operator tests. */
public record Endpoints(KubernetesClient client, String namespace, Duration timeout) {

  /** Installs the WebhookEndpoint CRD the build generated (into a mock API server), then reads endpoints. */
  public static Endpoints withCrdInstalled(KubernetesClient client, String namespace, Duration timeout) {
    client.apiextensions().v1().customResourceDefinitions()
        .load(Path.of("target/classes/META-INF/fabric8/webhookendpoints.hookgate.dev-v1.yml").toFile())
        .create();
    return new Endpoints(client, namespace, timeout);
  }

  public WebhookEndpoint awaitCondition(String name, ConditionType type, String status, String reason) {
    return await().atMost(timeout).until(() -> get(name), endpoint -> endpoint != null
        && endpoint.getStatus() != null
        && endpoint.getStatus().condition(type)
            .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
            .isPresent());
  }

  public WebhookEndpoint get(String name) {
    return client.resources(WebhookEndpoint.class).inNamespace(namespace).withName(name).get();
  }

  /** The Events whose involved object is the endpoint {@code name}. */
  public List<Event> events(String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
