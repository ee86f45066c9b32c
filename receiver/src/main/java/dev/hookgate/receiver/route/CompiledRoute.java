package dev.hookgate.receiver.route;

import dev.hookgate.receiver.verify.InboundDelivery;
import dev.hookgate.receiver.verify.SignatureVerifier;
import dev.hookgate.receiver.verify.Verification;
import dev.hookgate.routing.EventGlob;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.SigningSecret;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A route made ready for requests: globs compiled, verifier chosen, secrets decoded into keys. */
public final class CompiledRoute {

  private record Key(byte[] bytes, SigningSecret secret) {}

  private final Route route;
  private final List<EventGlob> events;
  private final SignatureVerifier verifier;
  private final List<Key> keys;

  CompiledRoute(Route route, SignatureVerifier verifier) {
    verifier.checkRoute(route);
    this.route = route;
    this.verifier = verifier;
    this.events = route.events().stream().map(EventGlob::compile).toList();
    this.keys = route.signingSecrets().stream()
        .map(secret -> new Key(verifier.key(secret.value()), secret))
        .toList();
  }

  public Route route() {
    return route;
  }

  /** Checks content type and signature; only secrets still valid at {@code now} may match. */
  public Verification verify(InboundDelivery delivery, Instant now) {
    if (!verifier.contentTypes().isEmpty() && !verifier.contentTypes().contains(mediaType(delivery))) {
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

  private static String mediaType(InboundDelivery delivery) {
    String contentType = delivery.header("Content-Type");
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}
