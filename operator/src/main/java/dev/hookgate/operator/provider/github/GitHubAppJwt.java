package dev.hookgate.operator.provider.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The JSON Web Token a GitHub App authenticates as itself with: RS256 over {@code {iat, exp, iss}}, issued 60 s in
 * the past against clock drift and valid for 9 minutes (GitHub allows at most 10).
 */
final class GitHubAppJwt {

  static final Duration BACKDATE = Duration.ofSeconds(60);
  static final Duration LIFETIME = Duration.ofMinutes(9);

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  /** The DER prefix that wraps a 2048..4096-bit PKCS#1 RSAPrivateKey into PKCS#8 (length bytes patched in). */
  private static final byte[] RSA_ALGORITHM_IDENTIFIER = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  private GitHubAppJwt() {}

  static String create(String appId, PrivateKey key, Instant now) throws GeneralSecurityException {
    String header = URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims = URL.encodeToString(("{\"iat\":" + now.minus(BACKDATE).getEpochSecond() + ",\"exp\":"
        + now.plus(LIFETIME).getEpochSecond() + ",\"iss\":\"" + appId.replace("\"", "") + "\"}")
        .getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key);
    signature.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    return header + "." + claims + "." + URL.encodeToString(signature.sign());
  }

  /**
   * Reads the App's private key: GitHub hands out PKCS#1 ({@code BEGIN RSA PRIVATE KEY}); PKCS#8
   * ({@code BEGIN PRIVATE KEY}) is accepted too.
   *
   * @throws GeneralSecurityException with a message that never includes the key
   */
  static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("privateKey is not PEM");
    }
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? wrapPkcs1(der) : der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new GeneralSecurityException("privateKey is not an RSA private key in PEM (PKCS#1 or PKCS#8)");
    }
  }

  /** PKCS#8 PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING { pkcs1 } }. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octetString = concat(new byte[] {0x04}, length(pkcs1.length), pkcs1);
    byte[] body = concat(version, RSA_ALGORITHM_IDENTIFIER, octetString);
    return concat(new byte[] {0x30}, length(body.length), body);
  }

  private static byte[] length(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    if (length < 0x100) {
      return new byte[] {(byte) 0x81, (byte) length};
    }
    return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
  }

  private static byte[] concat(byte[]... parts) {
    int total = 0;
    for (byte[] part : parts) {
      total += part.length;
    }
    byte[] out = new byte[total];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
