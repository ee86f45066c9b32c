package dev.hookgate.receiver.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookgate.receiver.config.ReceiverConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

  private final ClientAddressResolver resolver = new ClientAddressResolver(
      List.of(CidrRange.parse("10.0.0.0/8"), CidrRange.parse("127.0.0.1/32"), CidrRange.parse("fd00::/8")));

  @Test
  void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() {
    ClientAddressResolver none = new ClientAddressResolver(List.of());

    assertThat(none.clientOf(ip("127.0.0.1"), List.of("203.0.113.7"))).isEqualTo(ip("127.0.0.1"));
  }

  @Test
  void aSpoofedHeaderFromAnUntrustedPeerIsIgnored() {
    assertThat(resolver.clientOf(ip("198.51.100.9"), List.of("203.0.113.7, 10.0.0.1")))
        .isEqualTo(ip("198.51.100.9"));
  }

  @Test
  void aTrustedPeerWithoutHeaderIsItselfTheClient() {
    assertThat(resolver.clientOf(ip("10.1.2.3"), List.of())).isEqualTo(ip("10.1.2.3"));
  }

  @Test
  void takesTheRightmostAddressThatIsNotATrustedProxy() {
    // The client wrote "1.1.1.1" itself; our ingress appended the real peer 203.0.113.7; an inner proxy 10.0.0.2.
    assertThat(resolver.clientOf(ip("10.0.0.3"), List.of("1.1.1.1, 203.0.113.7, 10.0.0.2")))
        .isEqualTo(ip("203.0.113.7"));
  }

  @Test
  void readsSeveralHeadersAsOneListInOrder() {
    assertThat(resolver.clientOf(ip("127.0.0.1"), List.of("1.1.1.1, 203.0.113.7", "10.0.0.9")))
        .isEqualTo(ip("203.0.113.7"));
  }

  @Test
  void understandsIpv6AndPorts() {
    assertThat(resolver.clientOf(ip("fd00::1"), List.of("[2001:db8::7]:443"))).isEqualTo(ip("2001:db8::7"));
    assertThat(resolver.clientOf(ip("fd00::1"), List.of("2001:db8::8"))).isEqualTo(ip("2001:db8::8"));
    assertThat(resolver.clientOf(ip("10.0.0.1"), List.of("203.0.113.7:41234"))).isEqualTo(ip("203.0.113.7"));
  }

  @Test
  void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
    assertThat(resolver.clientOf(ip("127.0.0.1"), List.of("10.0.0.5, 10.0.0.6"))).isEqualTo(ip("10.0.0.5"));
  }

  @Test
  void garbageStopsTheWalkAtTheLastTrustedHop() {
    assertThat(resolver.clientOf(ip("127.0.0.1"), List.of("203.0.113.7, not-an-ip, 10.0.0.2")))
        .isEqualTo(ip("10.0.0.2"));
    assertThat(resolver.clientOf(ip("127.0.0.1"), List.of("unknown"))).isEqualTo(ip("127.0.0.1"));
    assertThat(resolver.clientOf(ip("127.0.0.1"), List.of(" , ,"))).isEqualTo(ip("127.0.0.1"));
  }

  @Test
  void trustedProxiesAreACommaListOfCidrsAndABadOneStopsStartupNamingTheSetting() {
    ReceiverConfig fromEnv = new ReceiverConfig("routes.json", Duration.ofSeconds(1), 1, List.of("10.0.0.0/8, fd00::/8"));
    ClientAddressResolver resolver = new ClientAddressResolver(fromEnv);

    assertThat(resolver.isTrusted(ip("10.9.9.9"))).isTrue();
    assertThat(resolver.isTrusted(ip("fd00::9"))).isTrue();
    assertThat(resolver.isTrusted(ip("11.0.0.1"))).isFalse();
    assertThat(new ClientAddressResolver(new ReceiverConfig("r", Duration.ofSeconds(1), 1, null))
        .isTrusted(ip("127.0.0.1"))).as("none by default").isFalse();
    assertThatThrownBy(() -> new ClientAddressResolver(
        new ReceiverConfig("r", Duration.ofSeconds(1), 1, List.of("10.0.0.0/8", "ingress.local"))))
        .hasMessageContaining("hookgate.trusted-proxies").hasMessageContaining("ingress.local");
  }

  private static InetAddress ip(String literal) {
    return CidrRange.parseLiteral(literal);
  }
}
