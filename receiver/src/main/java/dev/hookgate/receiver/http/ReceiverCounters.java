package dev.hookgate.receiver.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What became of the requests to {@code POST /h/{slug}} since the pod started, and how long answering took. The
 * one bookkeeping is a set of Micrometer meters, scraped at {@code GET /internal/prometheus}:
 *
 * <ul>
 *   <li>{@code hookgate_receiver_requests_total{outcome, webhook_endpoint}}: one count per answered request;
 *       {@code webhook_endpoint} is {@code namespace/name} when a route was found, empty otherwise (not
 *       {@code endpoint}: prometheus-operator sets that label on every scraped series to the port name);
 *   <li>the same counts by stage: {@code hookgate_receiver_received_total} (every request),
 *       {@code _verified_total} (genuine deliveries), {@code _rejected_total{reason}},
 *       {@code _deduplicated_total}, {@code _filtered_total}, {@code _accepted_total} (stored, then 2xx);
 *   <li>{@code hookgate_receiver_ack_seconds{webhook_endpoint}}: from the request to its answer, for the
 *       deliveries that were stored (a percentile histogram).
 * </ul>
 *
 * {@code GET /internal/counters} is the request counts summed over endpoints, plus {@code received}: their total.
 */
@Singleton
public final class ReceiverCounters {

  public static final String REQUESTS = "hookgate.receiver.requests";
  public static final String ACK = "hookgate.receiver.ack";
  public static final String OUTCOME = "outcome";
  public static final String ENDPOINT = "webhook_endpoint";

  /** How far a request got: decides which of the per-stage counters it adds to. */
  enum Stage {
    UNROUTED,
    REJECTED,
    VERIFIED,
    FAILED
  }

  /** What became of one request. */
  public enum Outcome {
    UNKNOWN_ENDPOINT(Stage.UNROUTED, null),
    BODY_TOO_LARGE(Stage.REJECTED, null),
    /** A GET to a route whose provider only POSTs: 405. */
    REJECTED_METHOD(Stage.REJECTED, null),
    REJECTED_SOURCE_NOT_ALLOWED(Stage.REJECTED, null),
    REJECTED_RATE_LIMITED(Stage.REJECTED, null),
    REJECTED_MALFORMED(Stage.REJECTED, null),
    REJECTED_SIGNATURE(Stage.REJECTED, null),
    REJECTED_CONTENT_TYPE(Stage.REJECTED, null),
    REJECTED_OTHER(Stage.REJECTED, null),
    HANDSHAKE(Stage.VERIFIED, null),
    DEDUPLICATED(Stage.VERIFIED, "hookgate.receiver.deduplicated"),
    FILTERED_EVENT_TYPE(Stage.VERIFIED, "hookgate.receiver.filtered"),
    FILTERED_EXPRESSION(Stage.VERIFIED, "hookgate.receiver.filtered"),
    FILTER_NOT_EVALUABLE(Stage.VERIFIED, "hookgate.receiver.filtered"),
    /** Stored durably, then answered 202: the dispatcher delivers it. */
    ACCEPTED(Stage.VERIFIED, "hookgate.receiver.accepted"),
    /** Genuine, but the store was at its size bound: 503. */
    STORE_FULL(Stage.VERIFIED, null),
    /** Genuine, but the store could not commit it: 503. */
    STORE_UNAVAILABLE(Stage.VERIFIED, null),
    FAILED_INTERNAL(Stage.FAILED, null);

    private final Stage stage;
    private final String stageCounter;

    Outcome(Stage stage, String stageCounter) {
      this.stage = stage;
      this.stageCounter = stageCounter;
    }

    /** The counter's name and the {@code outcome} label: {@code rejected_signature} and so on. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The meters one outcome of one endpoint adds to: looked up once, not on every request. */
  private record OutcomeMeters(List<Counter> counters) {

    void increment() {
      counters.forEach(Counter::increment);
    }
  }

  private final MeterRegistry registry;
  private final Map<Outcome, Map<String, OutcomeMeters>> byOutcome = new EnumMap<>(Outcome.class);
  private final Map<String, Timer> ackTimers = new ConcurrentHashMap<>();

  public ReceiverCounters(MeterRegistry registry) {
    this.registry = registry;
    // Every outcome is scraped from the start (at 0), so rate() and alerts see it before its first request.
    for (Outcome outcome : Outcome.values()) {
      byOutcome.put(outcome, new ConcurrentHashMap<>());
      counter(outcome, null);
    }
  }

  /** Counts a request that ended with {@code outcome}; {@code endpoint} ({@code namespace/name}) if routed. */
  public void count(Outcome outcome, @Nullable String endpoint) {
    String label = endpoint == null ? "" : endpoint;
    byOutcome.get(outcome).computeIfAbsent(label, ignored -> meters(outcome, endpoint)).increment();
  }

  private OutcomeMeters meters(Outcome outcome, @Nullable String endpoint) {
    String label = endpoint == null ? "" : endpoint;
    List<Counter> counters = new ArrayList<>();
    counters.add(counter(outcome, endpoint));
    counters.add(registry.counter("hookgate.receiver.received", ENDPOINT, label));
    if (outcome.stage == Stage.REJECTED) {
      counters.add(registry.counter("hookgate.receiver.rejected", ENDPOINT, label, "reason", outcome.key()));
    } else if (outcome.stage == Stage.VERIFIED) {
      counters.add(registry.counter("hookgate.receiver.verified", ENDPOINT, label));
    }
    if (outcome.stageCounter != null) {
      counters.add(registry.counter(outcome.stageCounter, ENDPOINT, label));
    }
    return new OutcomeMeters(List.copyOf(counters));
  }

  /** Records how long a stored delivery took from request to answer (verification and commit included). */
  public void acknowledged(String endpoint, Duration took) {
    ackTimers.computeIfAbsent(endpoint, ignored -> Timer.builder(ACK)
        .description("From a delivery's request to its 2xx answer, once stored durably")
        .tag(ENDPOINT, endpoint)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry))
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
