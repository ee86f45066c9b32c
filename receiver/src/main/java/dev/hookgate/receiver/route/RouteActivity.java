package dev.hookgate.receiver.route;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** When this receiver last accepted a verified delivery, per slug; survives table reloads. */
@Singleton
public final class RouteActivity {

  private final Map<String, Instant> lastEventTime = new ConcurrentHashMap<>();

  public void accepted(String slug, Instant at) {
    lastEventTime.merge(slug, at, (old, now) -> now.isAfter(old) ? now : old);
  }

  /** Null when no delivery was accepted for the slug. */
  public Instant lastEventTime(String slug) {
    return lastEventTime.get(slug);
  }
}
