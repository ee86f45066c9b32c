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
 * Not ready while another process writes this receiver's store ({@link DeliveryStore#inUseElsewhere}): every
 * delivery would be answered 503, and a provider that does not retry (GitHub) would lose it, while the other
 * receivers could take it. Ready again by itself once that process has stopped.
 */
@Singleton
@Readiness
public class StoreOwnerReadiness implements HealthIndicator {

  private final DeliveryStore store;

  public StoreOwnerReadiness(DeliveryStore store) {
    this.store = store;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    Optional<String> holder = store.inUseElsewhere();
    HealthResult.Builder result = HealthResult.builder("store", holder.isPresent() ? HealthStatus.DOWN
        : HealthStatus.UP);
    holder.ifPresent(who -> result.details(Map.of("inUseBy", who)));
    return Mono.just(result.build());
  }
}
