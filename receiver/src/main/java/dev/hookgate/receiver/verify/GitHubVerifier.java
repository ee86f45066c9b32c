package dev.hookgate.receiver.verify;

import dev.hookgate.routing.Route;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>}; no signed timestamp. */
public final class GitHubVerifier implements SignatureVerifier {

  static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
  private static final String PREFIX = "sha256=";

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json", "application/x-www-form-urlencoded");
  }

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    String header = delivery.header(SIGNATURE_HEADER);
    if (header == null) {
      return Verification.missingSignature();
    }
    if (!header.startsWith(PREFIX)) {
      return Verification.malformed(SIGNATURE_HEADER);
    }
    byte[] presented;
    try {
      presented = HexFormat.of().parseHex(header.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return Verification.malformed(SIGNATURE_HEADER);
    }
    if (!Hmac.anyKeyMatches("HmacSHA256", secrets, presented, delivery.body())) {
      return Verification.mismatch();
    }
    return Verification.accepted(delivery.header("X-GitHub-Event"), delivery.header("X-GitHub-Delivery"));
  }
}
