package dev.hookgate.receiver.peer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Rendezvous (highest random weight) hashing: which of the members owns a key. Every receiver that sees the same
 * members picks the same owner, and a member joining or leaving moves only the keys it gains or loses. The member
 * with the second highest weight owns a key once its owner leaves: its backup.
 */
final class Rendezvous {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Rendezvous() {}

  /** The member with the highest weight for {@code key}; {@code members} must not be empty. */
  static String owner(List<String> members, String key) {
    String owner = null;
    long best = 0;
    for (String member : members) {
      long weight = weight(member, key);
      if (owner == null || Long.compareUnsigned(weight, best) > 0
          || (weight == best && member.compareTo(owner) < 0)) {
        owner = member;
        best = weight;
      }
    }
    if (owner == null) {
      throw new IllegalArgumentException("no members");
    }
    return owner;
  }

  /**
   * The members that keep {@code key}'s dedup key: its owner first, then its backup, the member that owns it once
   * the owner is gone (the highest weight among the rest). One member when there is only one; none when there are
   * none.
   */
  static List<String> keepers(List<String> members, String key) {
    if (members.size() < 2) {
      return List.copyOf(members);
    }
    String owner = owner(members, key);
    List<String> rest = new ArrayList<>(members);
    rest.remove(owner);
    return List.of(owner, owner(rest, key));
  }

  /** FNV-1a over the member, a separator and the key, then a 64-bit finaliser (FNV alone mixes its tail poorly). */
  static long weight(String member, String key) {
    long hash = FNV_OFFSET;
    hash = fnv(hash, member.getBytes(StandardCharsets.UTF_8));
    hash = (hash ^ '\n') * FNV_PRIME;
    hash = fnv(hash, key.getBytes(StandardCharsets.UTF_8));
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    return hash ^ (hash >>> 33);
  }

  private static long fnv(long hash, byte[] bytes) {
    for (byte b : bytes) {
      hash = (hash ^ (b & 0xff)) * FNV_PRIME;
    }
    return hash;
  }
}
