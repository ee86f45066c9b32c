package dev.hookgate.operator.routes;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.golden.GoldenCases;
import dev.hookgate.operator.reconciler.SigningSecretResolution;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingJson;
import dev.hookgate.routing.SigningSecret;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The route of an endpoint, from its Secrets ({@code in-Secret-<name>.yaml}, current and previous) resolved at
 * {@code in-now.txt}, as the reconciler does.
 */
class RouteBuilderGoldenTest {

  @TestFactory
  Stream<DynamicTest> routeBuilder() {
    return GoldenCases.run("route", inputs -> {
      WebhookEndpoint endpoint = inputs.endpoint();
      Route route = RouteBuilder.route(
          endpoint, endpoint.getStatus().getSlug(), signingSecrets(inputs, endpoint), inputs.settings());
      return Map.of("out-Route.yaml", GoldenCases.yaml(new String(RoutingJson.write(route), StandardCharsets.UTF_8)));
    });
  }

  static List<SigningSecret> signingSecrets(GoldenCases.Inputs inputs, WebhookEndpoint endpoint) {
    var spec = endpoint.getSpec();
    var previous = spec.getPreviousSigningSecretRef();
    SigningSecretResolution resolution = SigningSecretResolution.resolve(
        endpoint,
        inputs.secret(spec.getSigningSecretRef().getName()).orElse(null),
        previous == null ? null : inputs.secret(previous.getName()).orElse(null),
        inputs.now());
    if (!resolution.resolved()) {
      throw new IllegalStateException(resolution.outcome().message());
    }
    return resolution.secrets();
  }
}
