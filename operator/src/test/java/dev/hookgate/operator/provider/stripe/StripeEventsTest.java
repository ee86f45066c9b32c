package dev.hookgate.operator.provider.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StripeEventsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      payment_intent.succeeded,invoice.paid | invoice.paid,payment_intent.succeeded
      invoice.paid,invoice.paid             | invoice.paid
      invoice.*,customer.created            | *
      *                                     | *
      ''                                    | *
      """)
  void exactTypesAreKeptAndAnyGlobSubscribesToEverything(String events, String enabled) {
    List<String> spec = events.isEmpty() ? List.of() : List.of(events.split(","));
    assertThat(StripeEvents.enabledEvents(spec)).containsExactly(enabled.split(","));
  }
}
