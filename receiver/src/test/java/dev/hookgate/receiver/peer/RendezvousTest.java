package dev.hookgate.receiver.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendezvousTest {

  private static final List<String> THREE = List.of("http://10.0.0.1:9090", "http://10.0.0.2:9090",
      "http://10.0.0.3:9090");

  @Test
  void theOwnerDependsOnTheMembersNotOnTheirOrder() {
    for (int i = 0; i < 1_000; i++) {
      String key = "gh\nkey-" + i;
      assertThat(Rendezvous.owner(List.of(THREE.get(2), THREE.get(0), THREE.get(1)), key))
          .isEqualTo(Rendezvous.owner(THREE, key));
    }
  }

  @Test
  void keysAreSpreadOverTheMembers() {
    Map<String, Integer> owned = new HashMap<>();
    for (int i = 0; i < 30_000; i++) {
      owned.merge(Rendezvous.owner(THREE, "gh\n" + java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) i,
          (byte) (i >> 8), (byte) (i >> 16)})), 1, Integer::sum);
    }
    assertThat(owned).containsOnlyKeys(THREE);
    // a third each, give or take 5 percentage points
    assertThat(owned.values()).allSatisfy(count -> assertThat(count).isBetween(8_500, 11_500));
  }

  @Test
  void aMemberLeavingMovesOnlyTheKeysItOwned() {
    List<String> two = List.of(THREE.get(0), THREE.get(2));
    int moved = 0;
    for (int i = 0; i < 10_000; i++) {
      String key = "stripe\nevt_" + i;
      String before = Rendezvous.owner(THREE, key);
      String after = Rendezvous.owner(two, key);
      if (!before.equals(THREE.get(1))) {
        assertThat(after).isEqualTo(before);
      } else {
        moved++;
      }
    }
    assertThat(moved).isBetween(2_800, 3_900);
  }

  @Test
  void theBackupOfAKeyIsItsOwnerOnceTheOwnerHasLeft() {
    for (int i = 0; i < 1_000; i++) {
      String key = "gh\nkey-" + i;
      List<String> keepers = Rendezvous.keepers(THREE, key);
      assertThat(keepers).hasSize(2).doesNotHaveDuplicates().isSubsetOf(THREE);
      assertThat(keepers.get(0)).isEqualTo(Rendezvous.owner(THREE, key));
      List<String> withoutOwner = THREE.stream().filter(member -> !member.equals(keepers.get(0))).toList();
      assertThat(Rendezvous.owner(withoutOwner, key)).isEqualTo(keepers.get(1));
    }
    assertThat(Rendezvous.keepers(List.of(THREE.get(0)), "gh\nk")).containsExactly(THREE.get(0));
    assertThat(Rendezvous.keepers(List.of(), "gh\nk")).isEmpty();
  }
}
