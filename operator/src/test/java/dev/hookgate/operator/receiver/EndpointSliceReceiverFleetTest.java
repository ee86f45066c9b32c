package dev.hookgate.operator.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The receivers the operator asks, from the EndpointSlices of the receivers' headless Service (Fabric8 mock server). */
@EnableKubernetesMockClient(crud = true)
class EndpointSliceReceiverFleetTest {

  KubernetesClient client;

  @Test
  void readyPodsOfTheServiceAreTheReceiversTheOthersAreNotReadyAndMessagesNameThemByPod() {
    client.discovery().v1().endpointSlices().inNamespace("hookgate-system").resource(new EndpointSliceBuilder()
        .withNewMetadata().withName("hookgate-receiver-internal-abc").withNamespace("hookgate-system")
        .addToLabels(EndpointSliceReceiverFleet.SERVICE_NAME_LABEL, "hookgate-receiver-internal").endMetadata()
        .withAddressType("IPv4")
        .addNewEndpoint().withAddresses("10.0.0.8").withNewConditions().withReady(true).endConditions()
            .withNewTargetRef().withKind("Pod").withName("hookgate-receiver-1").endTargetRef().endEndpoint()
        .addNewEndpoint().withAddresses("10.0.0.9").withNewConditions().withReady(false).endConditions()
            .withNewTargetRef().withKind("Pod").withName("hookgate-receiver-2").endTargetRef().endEndpoint()
        // "nil should be interpreted as true"
        .addNewEndpoint().withAddresses("fd00::7").withNewTargetRef().withKind("Pod").withName("hookgate-receiver-0")
            .endTargetRef().endEndpoint()
        .build()).create();
    // another Service's slice is not ours
    client.discovery().v1().endpointSlices().inNamespace("hookgate-system").resource(new EndpointSliceBuilder()
        .withNewMetadata().withName("other-xyz").withNamespace("hookgate-system")
        .addToLabels(EndpointSliceReceiverFleet.SERVICE_NAME_LABEL, "other").endMetadata()
        .withAddressType("IPv4")
        .addNewEndpoint().withAddresses("10.0.0.50").endEndpoint()
        .build()).create();

    try (EndpointSliceReceiverFleet fleet =
        new EndpointSliceReceiverFleet(client, "hookgate-system", "hookgate-receiver-internal", 9090)) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fleet.receivers())
          .containsExactly(URI.create("http://10.0.0.8:9090"), URI.create("http://[fd00::7]:9090")));
      assertThat(fleet.notReady()).as("asked for the deliveries it holds").containsExactly(
          URI.create("http://10.0.0.9:9090"));

      assertThat(fleet.describe(URI.create("http://10.0.0.8:9090"))).isEqualTo("hookgate-receiver-1 (10.0.0.8)");
      assertThat(fleet.describe(URI.create("http://[fd00::7]:9090"))).isEqualTo("hookgate-receiver-0 (fd00::7)");
      assertThat(fleet.describe(URI.create("http://10.0.0.99:9090"))).isEqualTo("http://10.0.0.99:9090");
    }
  }
}
