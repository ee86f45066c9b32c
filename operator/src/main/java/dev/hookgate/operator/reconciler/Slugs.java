package dev.hookgate.operator.reconciler;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Unguessable URL slugs: 128 random bits, lowercase hex. */
public final class Slugs {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int BYTES = 16;

  private Slugs() {}

  public static String generate() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
