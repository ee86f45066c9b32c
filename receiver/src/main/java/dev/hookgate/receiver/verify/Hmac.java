package dev.hookgate.receiver.verify;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC over one or more byte arrays, and the constant-time "does any key produce this digest" check. */
final class Hmac {

  /** Mac.getInstance looks the provider up each time; one Mac per algorithm per thread, keyed anew per use. */
  private static final ThreadLocal<Map<String, Mac>> MACS = ThreadLocal.withInitial(HashMap::new);

  private Hmac() {}

  static byte[] compute(String jcaAlgorithm, byte[] key, byte[]... parts) {
    try {
      Mac mac = MACS.get().get(jcaAlgorithm);
      if (mac == null) {
        mac = Mac.getInstance(jcaAlgorithm);
        MACS.get().put(jcaAlgorithm, mac);
      }
      mac.init(new SecretKeySpec(key, jcaAlgorithm));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(jcaAlgorithm + " is not available", e);
    }
  }

  /** True when {@code presented} equals the HMAC of {@code parts} under any of {@code keys}. */
  static boolean anyKeyMatches(String jcaAlgorithm, List<byte[]> keys, byte[] presented, byte[]... parts) {
    return matchingKey(jcaAlgorithm, keys, List.of(presented), parts) != null;
  }

  /**
   * The first of {@code keys} whose HMAC of {@code parts} equals any of {@code presented} (a header may carry
   * several signatures during a rotation), or null. Every key and signature is compared, so the time taken does
   * not tell which key (if any) matched.
   */
  static byte[] matchingKey(String jcaAlgorithm, List<byte[]> keys, List<byte[]> presented, byte[]... parts) {
    byte[] found = null;
    for (byte[] key : keys) {
      byte[] expected = compute(jcaAlgorithm, key, parts);
      boolean matched = false;
      for (byte[] signature : presented) {
        // Presented first: isEqual's running time follows its first argument's length, which the sender chose.
        matched |= MessageDigest.isEqual(signature, expected);
      }
      if (matched && found == null) {
        found = key;
      }
    }
    return found;
  }

  /** Refuses with 401 "signature does not match" unless some key produced {@code presented}. */
  static void requireMatch(String jcaAlgorithm, List<byte[]> keys, byte[] presented, byte[]... parts)
      throws DeliveryRefused {
    requireAnyMatch(jcaAlgorithm, keys, List.of(presented), parts);
  }

  /** {@link #requireMatch} for a header carrying several signatures; returns the key that matched. */
  static byte[] requireAnyMatch(String jcaAlgorithm, List<byte[]> keys, List<byte[]> presented, byte[]... parts)
      throws DeliveryRefused {
    byte[] key = matchingKey(jcaAlgorithm, keys, presented, parts);
    if (key == null) {
      throw new DeliveryRefused(Verification.mismatch());
    }
    return key;
  }
}
