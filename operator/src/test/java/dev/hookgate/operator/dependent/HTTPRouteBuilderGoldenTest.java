package dev.hookgate.operator.dependent;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.golden.GoldenCases;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The HTTPRoute of an endpoint with spec.gateway; a case without out- files expects none (no public host). */
class HTTPRouteBuilderGoldenTest {

  @TestFactory
  Stream<DynamicTest> httpRouteBuilder() {
    return GoldenCases.run("httproute", inputs -> {
      WebhookEndpoint endpoint = inputs.endpoint();
      return HTTPRouteBuilder.desired(endpoint, endpoint.getStatus().getSlug(), inputs.settings())
          .map(GoldenCases::output)
          .orElse(Map.of());
    });
  }
}
