package dev.hookgate.receiver.store;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Not ready while this receiver's own store cannot take deliveries ({@link DeliveryStore#cannotTakeDeliveries}):
 * every delivery would be answered 503, and a provider that does not retry (GitHub) would lose it, while the other
 * receivers could take it. Ready again by itself once the store can. Liveness stays up: a restart would not help.
 */
@Singleton
@Readiness
public class StoreReadiness implements HealthIndicator {

  private final DeliveryStore store;

  public StoreReadiness(DeliveryStore store) {
    this.store = store;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    Optional<String> why = store.cannotTakeDeliveries();
    HealthResult.Builder result = HealthResult.builder("store", why.isPresent() ? HealthStatus.DOWN
        : HealthStatus.UP);
    why.ifPresent(reason -> result.details(Map.of("reason", reason)));
    return Mono.just(result.build());
  }
}
