package dev.hookgate.operator.routes;

import dev.hookgate.routing.Target;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code spec.delivery.timeout}: a number and one of ms, s, m, h (the CRD schema's pattern). */
public final class DeliveryTimeout {

  private static final Pattern FORMAT = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

  private DeliveryTimeout() {}

  /**
   * @return milliseconds; {@link Target#DEFAULT_TIMEOUT_MILLIS} when {@code text} is null or blank
   * @throws IllegalArgumentException when {@code text} is not a duration
   */
  public static long toMillis(String text) {
    if (text == null || text.isBlank()) {
      return Target.DEFAULT_TIMEOUT_MILLIS;
    }
    Matcher matcher = FORMAT.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "spec.delivery.timeout '" + text + "' is not a duration: write a number and ms, s, m or h, e.g. 10s");
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
      throw new IllegalArgumentException("spec.delivery.timeout must be greater than zero, got '" + text + "'");
    }
    return millis;
  }
}
