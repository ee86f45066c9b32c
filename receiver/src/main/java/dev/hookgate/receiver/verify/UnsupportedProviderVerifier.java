package dev.hookgate.receiver.verify;

import dev.hookgate.routing.Route;
import java.time.Instant;
import java.util.List;

/**
 * Stands in for providers this receiver version cannot verify yet. The operator refuses such endpoints, so this
 * is defence in depth: the route loads, but nothing unverified is ever accepted, and 503 (not 4xx) keeps the
 * provider from disabling the hook.
 */
final class UnsupportedProviderVerifier implements SignatureVerifier {

  @Override
  public Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now) {
    return new Verification.Rejected(503, "provider not supported by this receiver version");
  }
}
