package dev.hookgate.operator.routes;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.golden.GoldenCases;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The routes Secret after one endpoint's change. A case whose endpoint has a deletionTimestamp removes its route;
 * otherwise its route is put. {@code in-Secret-hookgate-routes.yaml} is the current Secret, if any.
 */
class RoutesSecretBuilderGoldenTest {

  @TestFactory
  Stream<DynamicTest> routesSecretBuilder() {
    return GoldenCases.run("routes-secret", inputs -> {
      WebhookEndpoint endpoint = inputs.endpoint();
      OperatorSettings settings = inputs.settings();
      Secret current = inputs.secret(settings.routesSecretName()).orElse(null);
      RouteChange change =
          endpoint.getMetadata().getDeletionTimestamp() != null
              ? RouteChange.remove(endpoint.getMetadata().getNamespace(), endpoint.getMetadata().getName())
              : RouteChange.put(RouteBuilder.route(
                  endpoint,
                  endpoint.getStatus().getSlug(),
                  RouteBuilderGoldenTest.signingSecrets(inputs, endpoint),
                  settings));
      return GoldenCases.output(RoutesSecretBuilder.desired(current, change, settings));
    });
  }
}
