package dev.hookgate.receiver.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The per-thread Mac is keyed anew for every use: keys, algorithms and threads never leak into each other. */
class HmacTest {

  private static final byte[] BODY = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEY_A = "key-a".getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEY_B = "another key".getBytes(StandardCharsets.UTF_8);
  // Computed apart from Java: printf '%s' "$BODY" | openssl dgst -sha256 -hmac KEY
  private static final String SHA256_KEY_A = "672dc481aaa964544c1767537f58219a5068d52db58049459934263ae5bab331";
  private static final String SHA256_KEY_B = "5ab2ed458f3fd9c3409a2a3e36b86b0c5fa55833ef1e88c6ba0cbfa27d95a2b4";

  @Test
  void alternatingKeysAndAlgorithmsOnOneThreadGiveEachTheirOwnDigest() {
    String a = hex(Hmac.compute("HmacSHA256", KEY_A, BODY));
    String b = hex(Hmac.compute("HmacSHA256", KEY_B, BODY));
    String a512 = hex(Hmac.compute("HmacSHA512", KEY_A, BODY));

    assertThat(a).isEqualTo(SHA256_KEY_A);
    assertThat(b).isEqualTo(SHA256_KEY_B);
    assertThat(a512).hasSize(128);
    assertThat(hex(Hmac.compute("HmacSHA256", KEY_A, BODY))).isEqualTo(a);
    assertThat(hex(Hmac.compute("HmacSHA256", KEY_B, BODY))).isEqualTo(b);
    assertThat(hex(Hmac.compute("HmacSHA256", KEY_A, "{\"zen\":".getBytes(StandardCharsets.UTF_8),
        "\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8)))).isEqualTo(a);
  }

  @Test
  void matchingKeyFindsTheRotatedKeyAfterAMismatch() {
    byte[] signature = Hmac.compute("HmacSHA256", KEY_B, BODY);

    assertThat(Hmac.matchingKey("HmacSHA256", List.of(KEY_A, KEY_B), List.of(signature), BODY)).isEqualTo(KEY_B);
    assertThat(Hmac.anyKeyMatches("HmacSHA256", List.of(KEY_A), signature, BODY)).isFalse();
    assertThat(Hmac.anyKeyMatches("HmacSHA256", List.of(KEY_B), signature, BODY)).isTrue();
  }

  @Test
  void threadsComputingAtOnceAgreeWithOneThread() throws Exception {
    String expectedA = SHA256_KEY_A;
    String expectedB = SHA256_KEY_B;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> {
          for (int round = 0; round < 2_000; round++) {
            if (!hex(Hmac.compute("HmacSHA256", KEY_A, BODY)).equals(expectedA)
                || !hex(Hmac.compute("HmacSHA256", KEY_B, BODY)).equals(expectedB)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
