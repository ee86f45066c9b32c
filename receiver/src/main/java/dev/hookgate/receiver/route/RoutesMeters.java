package dev.hookgate.receiver.route;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

/**
 * The routing table as gauges, read from {@link LiveRoutes} at each scrape: {@code hookgate_receiver_routes} (routes
 * served) and {@code hookgate_receiver_routes_load_errors} (1 while the latest routes file was refused or some of
 * its routes were left out, the {@code loadError} of {@code /internal/routes}).
 */
@Singleton
public final class RoutesMeters implements MeterBinder {

  private final LiveRoutes live;

  public RoutesMeters(LiveRoutes live) {
    this.live = live;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("hookgate.receiver.routes", live, routes -> routes.routes().all().size())
        .description("Routes this receiver serves")
        .register(registry);
    Gauge.builder("hookgate.receiver.routes.load.errors", live, routes -> routes.snapshot().loadError() == null ? 0 : 1)
        .description("1 while the latest routes file was refused or some of its routes could not be compiled")
        .register(registry);
  }
}
