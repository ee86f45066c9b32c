package dev.hookgate.receiver.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What became of the requests to {@code POST /h/{slug}} since the pod started, and how long forwarding took. The
 * one bookkeeping is a set of Micrometer meters, scraped at {@code GET /internal/prometheus}:
 *
 * <ul>
 *   <li>{@code hookgate_receiver_requests_total{outcome, webhook_endpoint}}: one count per answered request;
 *       {@code webhook_endpoint} is {@code namespace/name} when a route was found, empty otherwise (not
 *       {@code endpoint}: prometheus-operator sets that label on every scraped series to the port name);
 *   <li>{@code hookgate_receiver_forward_seconds{outcome, webhook_endpoint}}: a histogram of forwarding attempts,
 *       {@code outcome} {@code delivered}, {@code failed_target} or {@code failed_internal}.
 * </ul>
 *
 * {@code GET /internal/counters} is the same counts summed over endpoints, plus {@code received}: their total.
 */
@Singleton
public final class ReceiverCounters {

  public static final String REQUESTS = "hookgate.receiver.requests";
  public static final String FORWARD = "hookgate.receiver.forward";
  public static final String OUTCOME = "outcome";
  public static final String ENDPOINT = "webhook_endpoint";

  /** Buckets of the forwarding histogram: from a fast in-cluster answer up to the longest target timeout. */
  private static final Duration[] FORWARD_BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(60)};

  /** What became of one request. */
  public enum Outcome {
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

    /** The counter's name and the {@code outcome} label: {@code rejected_signature} and so on. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;

  public ReceiverCounters(MeterRegistry registry) {
    this.registry = registry;
    // Every outcome is scraped from the start (at 0), so rate() and alerts see it before its first request.
    for (Outcome outcome : Outcome.values()) {
      counter(outcome, null);
    }
  }

  /** Counts a request that ended with {@code outcome}; {@code endpoint} ({@code namespace/name}) if routed. */
  public void count(Outcome outcome, @Nullable String endpoint) {
    counter(outcome, endpoint).increment();
  }

  /** Records one forwarding attempt to {@code endpoint}'s target that ended with {@code outcome}. */
  public void forwarded(String endpoint, Outcome outcome, Duration took) {
    Timer.builder(FORWARD)
        .description("Forwarding of verified deliveries to their target, until the target answered or failed")
        .tags(Tags.of(OUTCOME, outcome.key(), ENDPOINT, endpoint))
        .serviceLevelObjectives(FORWARD_BUCKETS)
        .register(registry)
        .record(took);
  }

  /** The count of {@code outcome}, over every endpoint. */
  public long get(Outcome outcome) {
    return Math.round(registry.find(REQUESTS).tag(OUTCOME, outcome.key()).counters().stream()
        .mapToDouble(Counter::count).sum());
  }

  /** {@code received} (every answered request), then every outcome by name, in a stable order. */
  public Map<String, Long> snapshot() {
    Map<String, Long> outcomes = new LinkedHashMap<>();
    long received = 0;
    for (Outcome outcome : Outcome.values()) {
      long count = get(outcome);
      outcomes.put(outcome.key(), count);
      received += count;
    }
    Map<String, Long> snapshot = new LinkedHashMap<>();
    snapshot.put("received", received);
    snapshot.putAll(outcomes);
    return snapshot;
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

  /** Prometheus wants one set of label names per metric: no route means an empty {@code webhook_endpoint} label. */
  private Counter counter(Outcome outcome, @Nullable String endpoint) {
    return Counter.builder(REQUESTS)
        .description("Requests to POST /h/{slug} by what became of them")
        .tags(Tags.of(OUTCOME, outcome.key(), ENDPOINT, endpoint == null ? "" : endpoint))
        .register(registry);
  }
}
