package dev.hookgate.receiver.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrRangeTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "203.0.113.0/24, 203.0.113.0, true",
      "203.0.113.0/24, 203.0.113.255, true",
      "203.0.113.0/24, 203.0.114.1, false",
      "203.0.113.0/24, 203.0.112.255, false",
      "203.0.113.77/24, 203.0.113.1, true", // host bits in the network are ignored
      "10.0.0.0/9, 10.127.255.255, true",
      "10.0.0.0/9, 10.128.0.0, false",
      "192.0.2.7/32, 192.0.2.7, true",
      "192.0.2.7/32, 192.0.2.8, false",
      "192.0.2.7, 192.0.2.7, true", // a bare address is a /32
      "192.0.2.7, 192.0.2.6, false",
      "0.0.0.0/0, 198.51.100.1, true",
      "0.0.0.0/0, 2001:db8::1, false", // an IPv4 range never holds an IPv6 address
      "2001:db8::/32, 2001:db8:ffff::1, true",
      "2001:db8::/32, 2001:db9::1, false",
      "2001:db8::/33, 2001:db8:7fff::1, true",
      "2001:db8::/33, 2001:db8:8000::1, false",
      "2001:db8::1/128, 2001:db8::1, true",
      "2001:db8::1/128, 2001:db8::2, false",
      "[2001:db8::1], 2001:db8::1, true",
      "::/0, 2001:db8::1, true",
      "::/0, 127.0.0.1, false", // nor an IPv6 range an IPv4 address
      "::ffff:192.0.2.0/24, 192.0.2.9, true", // IPv4-mapped: the IPv4 address it is
  })
  void matchesAddressesInTheRange(String cidr, String address, boolean expected) throws Exception {
    assertThat(CidrRange.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "example.com", "localhost", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0/8", "256.0.0.0/8",
      "10.0.0.0/8/8", "2001:db8::/129", "2001:db8:::/64", "2001:db8::g/64", "fe80::1%eth0/64", "1.2.3.4.5",
      "10.0.0.0/ 8", "10.0.0.0/abc"})
  void refusesWhatIsNotARange(String cidr) {
    assertThatThrownBy(() -> CidrRange.parse(cidr)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "example.com", "1.2.3", "::g", "", "10.0.0.1:80"})
  void aLiteralIsNeverResolvedAsAName(String text) {
    assertThat(CidrRange.parseLiteral(text)).isNull();
  }
}
