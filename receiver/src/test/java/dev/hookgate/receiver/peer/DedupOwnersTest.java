package dev.hookgate.receiver.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookgate.receiver.store.NewDelivery;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DedupOwnersTest {

  private static final String A = "http://127.0.0.1:19091";
  private static final String B = "http://127.0.0.1:19092";

  @Test
  void withoutPeersEveryDeliveryIsThisReceiversOwn() {
    DedupOwners owners = new DedupOwners(config(null, null, null));
    assertThat(owners.elsewhere(delivery("k-1"))).isEmpty();
    assertThat(owners.members()).isEmpty();
  }

  @Test
  void eachKeyIsOwnedByOneOfTheMembersAndTheTwoAgreeWhich() {
    DedupOwners a = new DedupOwners(config(null, List.of(A, B + "/"), A));
    DedupOwners b = new DedupOwners(config(null, List.of(B, A), B));
    int ownedByB = 0;
    for (int i = 0; i < 200; i++) {
      NewDelivery delivery = delivery("k-" + i);
      Optional<URI> fromA = a.elsewhere(delivery);
      Optional<URI> fromB = b.elsewhere(delivery);
      // exactly one of the two sends it to the other
      assertThat(fromA.isPresent()).isNotEqualTo(fromB.isPresent());
      fromA.ifPresent(owner -> assertThat(owner).isEqualTo(URI.create(B)));
      fromB.ifPresent(owner -> assertThat(owner).isEqualTo(URI.create(A)));
      ownedByB += fromA.isPresent() ? 1 : 0;
    }
    assertThat(ownedByB).isBetween(60, 140);
  }

  @Test
  void aDeliveryWithoutADedupKeyStaysWhereItArrived() {
    DedupOwners a = new DedupOwners(config(null, List.of(A, B), A));
    assertThat(a.elsewhere(delivery(null))).isEmpty();
  }

  @Test
  void membersByDnsAreTheNamesAddressesOnTheInternalPort() {
    DedupOwners owners = new DedupOwners(config("localhost", null, "127.0.0.1"));
    try {
      assertThat(owners.members()).contains("http://127.0.0.1:9090");
    } finally {
      owners.stop();
    }
  }

  @Test
  void peersWithoutSelfAreRefused() {
    assertThatThrownBy(() -> config(null, List.of(A, B), null))
        .hasMessageContaining("hookgate.peers.self is required");
    assertThatThrownBy(() -> config("receivers", List.of(A), A)).hasMessageContaining("dns or members, not both");
  }

  @Test
  void drainAndExitWithoutOtherReceiversIsRefused() {
    assertThatThrownBy(() -> new PeerConfig(null, 9090, null, null, Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ZERO, true)).hasMessageContaining("hookgate.peers.drain-and-exit needs the other receivers");
  }

  private static PeerConfig config(String dns, List<String> members, String self) {
    return new PeerConfig(dns, 9090, members, self, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ZERO, false);
  }

  private static NewDelivery delivery(String dedupKey) {
    return new NewDelivery("gh", "shop/orders", "github", "push", dedupKey, dedupKey, Instant.now(), Map.of(),
        new byte[0]);
  }
}
