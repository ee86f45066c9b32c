package dev.hookgate.operator.dependent;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.golden.GoldenCases;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The Ingress of an endpoint; a case without out- files expects none (no public host). */
class IngressBuilderGoldenTest {

  @TestFactory
  Stream<DynamicTest> ingressBuilder() {
    return GoldenCases.run("ingress", inputs -> {
      WebhookEndpoint endpoint = inputs.endpoint();
      return IngressBuilder.desired(endpoint, endpoint.getStatus().getSlug(), inputs.settings())
          .map(GoldenCases::output)
          .orElse(Map.of());
    });
  }
}
