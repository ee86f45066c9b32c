package dev.hookgate.receiver.http;

import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What became of the requests to {@code POST /h/{slug}} since the pod started, one counter per outcome. Read
 * through {@code GET /internal/counters}; the place Prometheus metrics will be fed from.
 */
@Singleton
public final class ReceiverCounters {

  /** One outcome per request, except {@link #RECEIVED}, which counts every request. */
  public enum Outcome {
    RECEIVED,
    UNKNOWN_ENDPOINT,
    BODY_TOO_LARGE,
    REJECTED_SOURCE_NOT_ALLOWED,
    REJECTED_RATE_LIMITED,
    REJECTED_MALFORMED,
    REJECTED_SIGNATURE,
    REJECTED_CONTENT_TYPE,
    REJECTED_OTHER,
    HANDSHAKE,
    DEDUPLICATED,
    DUPLICATE_IN_PROGRESS,
    FILTERED_EVENT_TYPE,
    FILTERED_EXPRESSION,
    FILTER_NOT_EVALUABLE,
    DELIVERED,
    FAILED_TARGET,
    FAILED_INTERNAL;

    /** The counter's name: {@code rejected_signature} and so on. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<Outcome, LongAdder> counters = new EnumMap<>(Outcome.class);

  public ReceiverCounters() {
    for (Outcome outcome : Outcome.values()) {
      counters.put(outcome, new LongAdder());
    }
  }

  public void count(Outcome outcome) {
    counters.get(outcome).increment();
  }

  /** The counter of a verification that failed with {@code httpStatus}. */
  public static Outcome rejectedWith(int httpStatus) {
    return switch (httpStatus) {
      case 400 -> Outcome.REJECTED_MALFORMED;
      case 401 -> Outcome.REJECTED_SIGNATURE;
      case 415 -> Outcome.REJECTED_CONTENT_TYPE;
      default -> Outcome.REJECTED_OTHER;
    };
  }

  public long get(Outcome outcome) {
    return counters.get(outcome).sum();
  }

  /** Every counter by name, in a stable order. */
  public Map<String, Long> snapshot() {
    Map<String, Long> snapshot = new LinkedHashMap<>();
    counters.forEach((outcome, counter) -> snapshot.put(outcome.key(), counter.sum()));
    return snapshot;
  }
}
