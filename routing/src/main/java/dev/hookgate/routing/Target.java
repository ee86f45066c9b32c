package dev.hookgate.routing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where verified deliveries go, and how.
 *
 * @param url absolute URL of the target (in a cluster: the target Service's DNS name, port and path)
 * @param timeoutMillis how long one forwarding attempt may take
 * @param format how a delivery is put on the wire to the target
 * @param retryForSeconds how long a delivery is retried before it is dead-lettered, counted from when it was
 *     received (or replayed)
 * @param maxConcurrency how many deliveries to this target may be in flight at once
 */
public record Target(URI url, long timeoutMillis, OutputFormat format, long retryForSeconds, int maxConcurrency) {

  public static final long DEFAULT_TIMEOUT_MILLIS = 10_000;
  public static final long DEFAULT_RETRY_FOR_SECONDS = 72 * 3600;
  public static final int DEFAULT_MAX_CONCURRENCY = 16;

  /** How deliveries reach the target. */
  public enum OutputFormat {
    /** The body byte-identical, the provider's headers kept, plus {@code X-Hookgate-*} headers. */
    RAW("raw"),
    /** CloudEvents 1.0 binary content mode: the body as is, {@code ce-*} headers. */
    CLOUDEVENTS("cloudevents");

    private final String wireName;

    OutputFormat(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
      return wireName;
    }

    @JsonCreator
    public static OutputFormat fromWireName(String name) {
      return Arrays.stream(values())
          .filter(format -> format.wireName.equals(name))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown output format '" + name + "'"));
    }

    @Override
    public String toString() {
      return wireName;
    }
  }

  public Target {
    Objects.requireNonNull(url, "url");
    if (!url.isAbsolute()) {
      throw new IllegalArgumentException("target url must be absolute: " + url);
    }
    if (timeoutMillis <= 0) {
      timeoutMillis = DEFAULT_TIMEOUT_MILLIS;
    }
    format = format == null ? OutputFormat.RAW : format;
    if (retryForSeconds <= 0) {
      retryForSeconds = DEFAULT_RETRY_FOR_SECONDS;
    }
    if (maxConcurrency <= 0) {
      maxConcurrency = DEFAULT_MAX_CONCURRENCY;
    }
  }

  /** Raw format, default retry period and concurrency. */
  public Target(URI url, long timeoutMillis) {
    this(url, timeoutMillis, OutputFormat.RAW, DEFAULT_RETRY_FOR_SECONDS, DEFAULT_MAX_CONCURRENCY);
  }
}
