package dev.hookgate.receiver.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Providers that send the secret itself (GitLab's {@code X-Gitlab-Token}, generic token mode). */
final class StaticTokens {

  private StaticTokens() {}

  /**
   * Refuses with 401 unless {@code presented} equals one of {@code keys} (the secrets' UTF-8 bytes). Every key is
   * compared; {@link MessageDigest#isEqual} runs in time that depends only on its first argument's length, and
   * that argument is the sender's own token, so neither a secret's length nor which one matched shows.
   */
  static void requireMatch(List<byte[]> keys, String presented) throws DeliveryRefused {
    byte[] token = presented.getBytes(StandardCharsets.UTF_8);
    boolean matched = false;
    for (byte[] key : keys) {
      matched |= MessageDigest.isEqual(token, key);
    }
    if (!matched) {
      throw new DeliveryRefused(Verification.mismatch());
    }
  }
}
