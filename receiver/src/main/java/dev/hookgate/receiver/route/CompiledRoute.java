package dev.hookgate.receiver.route;

import dev.hookgate.receiver.filter.PayloadFilter;
import dev.hookgate.receiver.guard.CidrRange;
import dev.hookgate.receiver.verify.InboundDelivery;
import dev.hookgate.receiver.verify.SignatureVerifier;
import dev.hookgate.receiver.verify.Verification;
import dev.hookgate.routing.EventGlob;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.SigningSecret;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * A route made ready for requests: globs, source ranges and CEL filter compiled, verifier chosen, secrets decoded
 * into keys. Anything that cannot be compiled refuses the whole table when it loads, never a request.
 */
public final class CompiledRoute {

  private record Key(byte[] bytes, SigningSecret secret) {}

  private final Route route;
  private final List<EventGlob> events;
  private final SignatureVerifier verifier;
  private final List<Key> keys;
  private final List<CidrRange> sourceRanges;
  private final PayloadFilter filter;

  CompiledRoute(Route route, SignatureVerifier verifier) {
    verifier.checkRoute(route);
    this.route = route;
    this.verifier = verifier;
    this.events = route.events().stream().map(EventGlob::compile).toList();
    this.keys = route.signingSecrets().stream()
        .map(secret -> new Key(verifier.key(secret.value()), secret))
        .toList();
    this.sourceRanges = route.sourceRanges().stream().map(CompiledRoute::sourceRange).toList();
    this.filter = route.filter() == null || route.filter().isBlank() ? null : PayloadFilter.compile(route.filter());
  }

  public Route route() {
    return route;
  }

  /** Whether the route's provider calls with GET too (see {@link SignatureVerifier#acceptsGet}). */
  public boolean acceptsGet() {
    return verifier.acceptsGet();
  }

  /** Checks content type (a GET has none) and signature; only secrets still valid at {@code now} may match. */
  public Verification verify(InboundDelivery delivery, Instant now) {
    if (!delivery.isGet() && !verifier.contentTypes().isEmpty()
        && !verifier.contentTypes().contains(delivery.mediaType())) {
      return Verification.unsupportedContentType();
    }
    List<byte[]> validKeys = keys.stream()
        .filter(key -> key.secret().validAt(now))
        .map(Key::bytes)
        .toList();
    return verifier.verify(delivery, validKeys, route, now);
  }

  /** True when the route's event filter lets {@code eventType} through. */
  public boolean wants(String eventType) {
    return EventGlob.anyMatches(events, eventType);
  }

  /** True when the route takes deliveries from {@code client}: it lists no source ranges, or one holds it. */
  public boolean admits(InetAddress client) {
    if (sourceRanges.isEmpty()) {
      return true;
    }
    for (CidrRange range : sourceRanges) {
      if (range.contains(client)) {
        return true;
      }
    }
    return false;
  }

  /** What the route's CEL filter makes of a verified delivery; {@code PASSED} when the route has none. */
  public PayloadFilter.Outcome filter(InboundDelivery delivery, String eventType) {
    return filter == null ? PayloadFilter.Outcome.PASSED : filter.evaluate(delivery, eventType);
  }

  private static CidrRange sourceRange(String cidr) {
    try {
      return CidrRange.parse(cidr);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("source range " + e.getMessage(), null);
    }
  }
}
