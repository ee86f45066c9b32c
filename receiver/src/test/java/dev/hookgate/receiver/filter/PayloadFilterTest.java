package dev.hookgate.receiver.filter;

import static dev.hookgate.receiver.filter.PayloadFilter.Outcome.FILTERED;
import static dev.hookgate.receiver.filter.PayloadFilter.Outcome.NOT_EVALUABLE;
import static dev.hookgate.receiver.filter.PayloadFilter.Outcome.PASSED;
import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookgate.receiver.verify.InboundDelivery;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadFilterTest {

  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json; charset=utf-8");

  @Test
  void compiledOnceItEvaluatesManyDeliveries() {
    PayloadFilter filter = PayloadFilter.compile("body.action == 'opened'");

    assertThat(filter.evaluate(InboundDelivery.of(JSON, utf8("{\"action\":\"opened\"}")), "issues")).isEqualTo(PASSED);
    assertThat(filter.evaluate(InboundDelivery.of(JSON, utf8("{\"action\":\"closed\"}")), "issues"))
        .isEqualTo(FILTERED);
    assertThat(filter.evaluate(InboundDelivery.of(JSON, utf8("{\"action\":\"opened\"}")), "issues")).isEqualTo(PASSED);
  }

  @Test
  void anInvalidExpressionIsRefusedWhenCompiledNotWhenEvaluated() {
    assertThatThrownBy(() -> PayloadFilter.compile("body.action ==")).hasMessageContaining("invalid CEL filter");
    assertThatThrownBy(() -> PayloadFilter.compile("1 + 1")).hasMessageContaining("invalid CEL filter");
  }

  @Test
  void aMissingFieldIsNotEvaluableRatherThanAnError() {
    PayloadFilter filter = PayloadFilter.compile("body.data.object.amount > 1000");

    assertThat(filter.evaluate(InboundDelivery.of(JSON, utf8("{\"data\":{}}")), "x")).isEqualTo(NOT_EVALUABLE);
    assertThat(filter.evaluate(InboundDelivery.of(JSON, utf8("{\"data\":{\"object\":{\"amount\":1500}}}")), "x"))
        .isEqualTo(PASSED);
  }

  @Test
  void aBodyThatIsNotJsonIsNull() {
    PayloadFilter filter = PayloadFilter.compile("body == null");

    assertThat(filter.evaluate(InboundDelivery.of(Map.of("Content-Type", "text/plain"), utf8("{}")), "x"))
        .as("not a JSON content type").isEqualTo(PASSED);
    assertThat(filter.evaluate(InboundDelivery.of(JSON, utf8("{not json")), "x")).as("unparseable").isEqualTo(PASSED);
    assertThat(filter.evaluate(InboundDelivery.of(JSON, new byte[0]), "x")).as("empty").isEqualTo(PASSED);
    assertThat(filter.evaluate(InboundDelivery.of(Map.of("Content-Type", "application/vnd.api+json"), utf8("{}")),
        "x")).as("+json is JSON").isEqualTo(FILTERED);
  }

  @Test
  void headersHaveLowerCaseNamesAndTheFirstValueAndTypeIsTheEventType() {
    PayloadFilter filter = PayloadFilter.compile(
        "headers['x-github-event'] == 'push' && type == 'push' && !('X-GitHub-Event' in headers)");

    assertThat(filter.evaluate(InboundDelivery.of(Map.of("X-GitHub-Event", "push"), new byte[0]), "push"))
        .isEqualTo(PASSED);
    assertThat(filter.evaluate(InboundDelivery.of(Map.of("X-GitHub-Event", "push"), new byte[0]), "ping"))
        .isEqualTo(FILTERED);
    assertThat(PayloadFilter.compile("type == ''").evaluate(InboundDelivery.of(Map.of(), new byte[0]), null))
        .as("no event type is the empty string").isEqualTo(PASSED);
  }
}
