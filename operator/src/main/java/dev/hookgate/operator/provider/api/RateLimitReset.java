package dev.hookgate.operator.provider.api;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a provider says we may call again: {@code Retry-After} (seconds or an HTTP date), GitHub's
 * {@code x-ratelimit-reset} (epoch seconds), GitLab's {@code RateLimit-Reset} (epoch seconds; the IETF draft's
 * delta seconds are accepted too). The latest of them wins.
 */
public final class RateLimitReset {

  /** Values below this are delta seconds, above it epoch seconds (2001-09-09). */
  private static final long EPOCH_THRESHOLD = 1_000_000_000L;

  private RateLimitReset() {}

  public static Optional<Instant> from(ProviderResponse response) {
    Instant now = response.receivedAt();
    Instant latest = null;
    for (String header : new String[] {"retry-after", "x-ratelimit-reset", "ratelimit-reset"}) {
      Instant at = response.header(header).map(value -> parse(value.trim(), now)).orElse(null);
      if (at != null && (latest == null || at.isAfter(latest))) {
        latest = at;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** GitHub answers 403 (not 429) when the primary rate limit is used up, with x-ratelimit-remaining: 0. */
  static boolean exhausted(ProviderResponse response) {
    return response.header("x-ratelimit-remaining").map(String::trim).filter("0"::equals).isPresent()
        || response.header("ratelimit-remaining").map(String::trim).filter("0"::equals).isPresent()
        || response.header("retry-after").isPresent();
  }

  private static Instant parse(String value, Instant now) {
    try {
      long number = Long.parseLong(value);
      return number >= EPOCH_THRESHOLD ? Instant.ofEpochSecond(number) : now.plusSeconds(Math.max(0, number));
    } catch (NumberFormatException notANumber) {
      try {
        return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }
}
