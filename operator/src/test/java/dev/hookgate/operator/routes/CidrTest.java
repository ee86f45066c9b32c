package dev.hookgate.operator.routes;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookgate.operator.api.WebhookEndpointSpec;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  private static final Pattern SCHEMA = Pattern.compile(WebhookEndpointSpec.CIDR_PATTERN);

  @ParameterizedTest
  @ValueSource(strings = {
      "0.0.0.0/0", "10.0.0.0/8", "192.30.252.0/22", "203.0.113.7/32", "255.255.255.255/32",
      "::/0", "2001:db8::/32", "2001:DB8:0:0:0:0:0:0/32", "fe80::/10", "::1/128", "::ffff:192.0.2.0/120",
      "1:2:3:4:5:6:7:8/128", "1:2:3:4:5:6:192.0.2.1/128"})
  void acceptsNetworksInCidrNotationAndSoDoesTheSchema(String cidr) {
    assertThatCode(() -> Cidr.check(cidr)).doesNotThrowAnyException();
    org.assertj.core.api.Assertions.assertThat(SCHEMA.matcher(cidr).matches()).as("schema pattern").isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.0.0.0|prefix length",
      "10.0.0.0/33|from 0 to 32",
      "10.0.0.0/08|from 0 to 32",
      "10.0.0/8|not an IPv4 address",
      "10.0.0.256/32|not an IPv4 address",
      "10.00.0.0/16|without leading zeros",
      "10.0.0.1/8|host bits",
      "2001:db8::1/32|host bits",
      "2001:db8::/129|from 0 to 128",
      "2001:db8:::/32|not an IPv6 address",
      "1::2::/32|not an IPv6 address",
      "1:2:3:4:5:6:7:8:9/128|not an IPv6 address",
      "1:2:3:4:5:6:7/112|not an IPv6 address",
      "12345::/16|not an IPv6 address",
      "1.2.3.4::/128|not an IPv6 address",
      "example.com/32|not an IPv4 address",
      "10.0.0.0/8/8|prefix length"})
  void refusesAnythingElseSayingWhy(String cidr, String why) {
    assertThatThrownBy(() -> Cidr.check(cidr))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + cidr + "' is not a CIDR")
        .hasMessageContaining(why);
  }
}
