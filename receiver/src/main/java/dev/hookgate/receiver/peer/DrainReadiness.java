package dev.hookgate.receiver.peer;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Not ready while this receiver drains ({@link ReceiverDrain}): its Services stop sending it deliveries, and the
 * other receivers stop counting it among the owners of dedup keys. Only {@code /internal/health/readiness} says so;
 * liveness stays up, so the kubelet does not restart a draining pod.
 */
@Singleton
@Readiness
public class DrainReadiness implements HealthIndicator {

  private final ReceiverDrain drain;

  public DrainReadiness(ReceiverDrain drain) {
    this.drain = drain;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    return Mono.just(HealthResult.builder("drain", drain.draining() ? HealthStatus.DOWN : HealthStatus.UP).build());
  }
}
