package dev.hookgate.receiver.verify;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC over one or more byte arrays, and the constant-time "does any key produce this digest" check. */
final class Hmac {

  private Hmac() {}

  static byte[] compute(String jcaAlgorithm, byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance(jcaAlgorithm);
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
    boolean matched = false;
    for (byte[] key : keys) {
      // No early exit: the time taken does not tell which key (if any) matched.
      matched |= MessageDigest.isEqual(compute(jcaAlgorithm, key, parts), presented);
    }
    return matched;
  }
}
