package dev.hookgate.receiver.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The dispatcher's meters, per {@code webhook_endpoint}: {@code hookgate_receiver_delivered_total},
 * {@code hookgate_receiver_failed_total} (failed attempts), {@code hookgate_receiver_dead_lettered_total}, and
 * {@code hookgate_receiver_delivery_seconds}: from receipt to the target's 2xx, retries included.
 */
@Singleton
public final class DeliveryMeters {

  public static final String DELIVERED = "hookgate.receiver.delivered";
  public static final String FAILED = "hookgate.receiver.failed";
  public static final String DEAD_LETTERED = "hookgate.receiver.dead.lettered";
  public static final String DELIVERY_LATENCY = "hookgate.receiver.delivery";
  private static final String ENDPOINT = "webhook_endpoint";

  private final MeterRegistry registry;

  public DeliveryMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void delivered(String endpoint, Duration sinceReceived) {
    Counter.builder(DELIVERED).description("Deliveries the target accepted (2xx)")
        .tag(ENDPOINT, endpoint).register(registry).increment();
    Timer.builder(DELIVERY_LATENCY).description("From receipt to the target's 2xx, retries included")
        .tag(ENDPOINT, endpoint).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(72))
        .register(registry).record(sinceReceived.isNegative() ? Duration.ZERO : sinceReceived);
  }

  void failed(String endpoint) {
    Counter.builder(FAILED).description("Delivery attempts that failed (no 2xx)")
        .tag(ENDPOINT, endpoint).register(registry).increment();
  }

  void deadLettered(String endpoint) {
    Counter.builder(DEAD_LETTERED).description("Deliveries given up on and kept as dead letters for replay")
        .tag(ENDPOINT, endpoint).register(registry).increment();
  }
}
