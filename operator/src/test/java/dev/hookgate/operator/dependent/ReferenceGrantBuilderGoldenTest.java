package dev.hookgate.operator.dependent;

import dev.hookgate.operator.golden.GoldenCases;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The ReferenceGrant of the namespace of an endpoint with spec.gateway. */
class ReferenceGrantBuilderGoldenTest {

  @TestFactory
  Stream<DynamicTest> referenceGrantBuilder() {
    return GoldenCases.run("referencegrant", inputs -> GoldenCases.output(
        ReferenceGrantBuilder.desired(inputs.endpoint().getMetadata().getNamespace(), inputs.settings())));
  }
}
