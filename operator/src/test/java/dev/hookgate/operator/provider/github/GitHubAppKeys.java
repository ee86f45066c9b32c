package dev.hookgate.operator.provider.github;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** A GitHub App key pair made by the test, with the private key as GitHub hands it out (PKCS#1 PEM). */
public record GitHubAppKeys(KeyPair pair, String pkcs1Pem, String pkcs8Pem) {

  public static GitHubAppKeys generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      byte[] pkcs8 = pair.getPrivate().getEncoded();
      return new GitHubAppKeys(pair, pem("RSA PRIVATE KEY", pkcs1Of(pkcs8)), pem("PRIVATE KEY", pkcs8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PrivateKeyInfo = SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING { RSAPrivateKey } }. */
  private static byte[] pkcs1Of(byte[] pkcs8) {
    int at = skipHeader(pkcs8, 0); // into the outer SEQUENCE
    at = skipElement(pkcs8, at); // version
    at = skipElement(pkcs8, at); // algorithm
    int content = skipHeader(pkcs8, at); // into the OCTET STRING
    return Arrays.copyOfRange(pkcs8, content, pkcs8.length);
  }

  private static int skipHeader(byte[] der, int at) {
    int length = der[at + 1] & 0xff;
    return at + 2 + (length < 0x80 ? 0 : length - 0x80);
  }

  private static int skipElement(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    if (first < 0x80) {
      return at + 2 + first;
    }
    int bytes = first - 0x80;
    int length = 0;
    for (int i = 0; i < bytes; i++) {
      length = (length << 8) | (der[at + 2 + i] & 0xff);
    }
    return at + 2 + bytes + length;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
