package dev.hookgate.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterExpressionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void evaluatesOverBodyHeadersAndType() throws Exception {
    JsonNode invoice = json("{\"data\":{\"object\":{\"amount\":1500,\"currency\":\"eur\",\"tags\":[\"vip\"]}}}");

    assertThat(FilterExpression.compile("body.data.object.amount > 1000").matches(invoice, Map.of(), "invoice.paid"))
        .isTrue();
    assertThat(FilterExpression.compile("body.data.object.amount > 2000").matches(invoice, Map.of(), "x")).isFalse();
    assertThat(FilterExpression.compile("'vip' in body.data.object.tags && type.startsWith('invoice.')")
        .matches(invoice, Map.of(), "invoice.paid")).isTrue();
    assertThat(FilterExpression.compile("headers['x-github-event'] == 'push'")
        .matches(null, Map.of("x-github-event", "push"), "push")).isTrue();
    assertThat(FilterExpression.compile("body == null").matches(null, Map.of(), "")).isTrue();
    assertThat(FilterExpression.compile("has(body.action) && body.action == 'opened'")
        .matches(json("{\"number\":1}"), Map.of(), "pull_request")).isFalse();
  }

  @Test
  void refusesWhatDoesNotCompileOrIsNotABool() {
    assertThatThrownBy(() -> FilterExpression.compile("body.amount >"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid CEL filter:");
    assertThatThrownBy(() -> FilterExpression.compile("type + 'x'"))
        .hasMessageStartingWith("invalid CEL filter:");
    assertThatThrownBy(() -> FilterExpression.compile("unknownVariable == 1"))
        .hasMessageContaining("unknownVariable");
  }

  @Test
  void aFailingEvaluationSaysSo() throws Exception {
    FilterExpression filter = FilterExpression.compile("body.missing.field == 1");
    assertThatThrownBy(() -> filter.matches(json("{}"), Map.of(), "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("filter could not be evaluated");
  }
}
