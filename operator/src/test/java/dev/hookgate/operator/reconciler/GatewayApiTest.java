package dev.hookgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/** Discovery of the Gateway API, against a mock server answering the discovery documents as a cluster would. */
@EnableKubernetesMockClient
class GatewayApiTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void installedWhenBothHttpRouteV1AndReferenceGrantV1beta1AreServed() {
    serve("v1", "httproutes", "HTTPRoute");
    serve("v1beta1", "referencegrants", "ReferenceGrant");

    assertThat(GatewayApi.discover(client).installed()).isTrue();
  }

  @Test
  void notInstalledWhenTheGroupIsNotServed() {
    server.expect().get().withPath("/apis/gateway.networking.k8s.io/v1").andReturn(404, "").always();
    server.expect().get().withPath("/apis/gateway.networking.k8s.io/v1beta1").andReturn(404, "").always();

    assertThat(GatewayApi.discover(client).installed()).isFalse();
  }

  @Test
  void notInstalledWithoutReferenceGrant() {
    serve("v1", "httproutes", "HTTPRoute");
    server.expect().get().withPath("/apis/gateway.networking.k8s.io/v1beta1").andReturn(404, "").always();

    assertThat(GatewayApi.discover(client).installed()).isFalse();
  }

  private void serve(String version, String plural, String kind) {
    server.expect().get().withPath("/apis/gateway.networking.k8s.io/" + version)
        .andReturn(200, new APIResourceListBuilder()
            .withGroupVersion("gateway.networking.k8s.io/" + version)
            .addNewResource().withName(plural).withKind(kind).withNamespaced(true).withVerbs("get", "list").endResource()
            .build())
        .always();
  }
}
