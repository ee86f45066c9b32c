package dev.hookgate.receiver.verify;

import dev.hookgate.routing.Route;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * How far a signed timestamp may be from now, in either direction: the route's {@code toleranceSeconds}, else the
 * provider's default. Too old is a replay; too new is a signature minted ahead for a later replay (or a clock
 * far off, which an operator must fix either way).
 */
record Tolerance(Duration window) {

  static Tolerance of(Route route, Duration providerDefault) {
    return new Tolerance(route.toleranceSeconds() == null
        ? providerDefault
        : Duration.ofSeconds(route.toleranceSeconds()));
  }

  /** Unix seconds as a provider writes them: decimal digits only. */
  static Instant epochSeconds(String text, String what) throws DeliveryRefused {
    return epoch(text, what, false);
  }

  /** Unix milliseconds (Linear's {@code webhookTimestamp}). */
  static Instant epochMillis(String text, String what) throws DeliveryRefused {
    return epoch(text, what, true);
  }

  void requireFresh(Instant signedAt, Instant now) throws DeliveryRefused {
    if (Duration.between(signedAt, now).abs().compareTo(window) > 0) {
      throw new DeliveryRefused(Verification.stale());
    }
  }

  private static Instant epoch(String text, String what, boolean millis) throws DeliveryRefused {
    if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new DeliveryRefused(Verification.malformed(what));
    }
    try {
      long value = Long.parseLong(text);
      return millis ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    } catch (NumberFormatException | DateTimeException e) {
      throw new DeliveryRefused(Verification.malformed(what));
    }
  }
}
