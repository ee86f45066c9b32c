package dev.hookgate.operator.routes;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.golden.GoldenCases;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingJson;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class RouteBuilderGoldenTest {

  @TestFactory
  Stream<DynamicTest> routeBuilder() {
    return GoldenCases.run("route", inputs -> {
      WebhookEndpoint endpoint = inputs.endpoint();
      Route route = RouteBuilder.route(
          endpoint, endpoint.getStatus().getSlug(), signingSecret(inputs, endpoint), inputs.settings());
      return Map.of("out-Route.yaml", GoldenCases.yaml(new String(RoutingJson.write(route), StandardCharsets.UTF_8)));
    });
  }

  static String signingSecret(GoldenCases.Inputs inputs, WebhookEndpoint endpoint) {
    var ref = endpoint.getSpec().getSigningSecretRef();
    Secret secret = inputs.secret(ref.getName()).orElseThrow();
    return new String(java.util.Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
  }
}
