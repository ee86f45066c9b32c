package dev.hookgate.operator.provider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Which signing secret this operator process last gave each hook, for providers that never show it again
 * (GitLab's token, Bitbucket's secret): a rotated secret is detected and pushed, an unchanged one is not re-sent
 * on every resync. Only keyed digests are kept, under a key that lives and dies with the process.
 */
public final class PushedSecrets {

  /** What this process knows of a hook's secret. */
  public enum Knowledge {
    /** The hook has this very secret. */
    SAME,
    /** The hook was given another secret: it must be pushed. */
    DIFFERENT,
    /** Nothing given since the operator started: re-send it once, since it cannot be compared. */
    UNKNOWN
  }

  private final SecretKeySpec key;
  private final Map<String, byte[]> digests = new ConcurrentHashMap<>();

  public PushedSecrets() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    key = new SecretKeySpec(bytes, "HmacSHA256");
  }

  /** @param hook where the hook lives and its id, e.g. {@code https://gitlab.com/api/v4/projects/1/hooks/7} */
  public Knowledge knowledge(String hook, String secret) {
    byte[] known = digests.get(hook);
    if (known == null) {
      return Knowledge.UNKNOWN;
    }
    return MessageDigest.isEqual(known, digest(hook, secret)) ? Knowledge.SAME : Knowledge.DIFFERENT;
  }

  public void pushed(String hook, String secret) {
    digests.put(hook, digest(hook, secret));
  }

  public void forget(String hook) {
    digests.remove(hook);
  }

  private byte[] digest(String hook, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(hook.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
