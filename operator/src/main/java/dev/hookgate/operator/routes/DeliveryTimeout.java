package dev.hookgate.operator.routes;

import dev.hookgate.routing.Target;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations of {@code spec.delivery}: a number and one of ms, s, m, h (the CRD schema's pattern). */
public final class DeliveryTimeout {

  private static final Pattern FORMAT = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

  private DeliveryTimeout() {}

  /**
   * @return milliseconds; {@link Target#DEFAULT_TIMEOUT_MILLIS} when {@code text} is null or blank
   * @throws IllegalArgumentException when {@code text} is not a duration
   */
  public static long toMillis(String text) {
    return toMillis("spec.delivery.timeout", text, Target.DEFAULT_TIMEOUT_MILLIS);
  }

  /** {@code spec.delivery.retryFor} in seconds; {@link Target#DEFAULT_RETRY_FOR_SECONDS} when not set. */
  public static long retryForSeconds(String text) {
    return toMillis("spec.delivery.retryFor", text, Target.DEFAULT_RETRY_FOR_SECONDS * 1_000) / 1_000;
  }

  private static long toMillis(String field, String text, long defaultMillis) {
    if (text == null || text.isBlank()) {
      return defaultMillis;
    }
    Matcher matcher = FORMAT.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          field + " '" + text + "' is not a duration: write a number and ms, s, m or h, e.g. 10s");
    }
    long amount = Long.parseLong(matcher.group(1));
    long millis =
        switch (matcher.group(2)) {
          case "ms" -> amount;
          case "s" -> amount * 1_000;
          case "m" -> amount * 60_000;
          default -> amount * 3_600_000;
        };
    if (millis <= 0) {
      throw new IllegalArgumentException(field + " must be greater than zero, got '" + text + "'");
    }
    return millis;
  }
}
