package dev.hookgate.receiver.store;

import dev.hookgate.receiver.config.StoreConfig;
import dev.hookgate.routing.RoutingJson;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET /internal/store} on the internal port: whether this receiver's store takes deliveries, and why not
 * (what the readiness check {@code store} decides, which the health answer does not show), with what it holds.
 * {@code kubectl hookgate stores} prints it for every receiver pod.
 */
@Endpoint(id = "store", defaultSensitive = false)
public class StoreEndpoint {

  /**
   * @param reason why it takes no deliveries now; null when it does
   * @param maxSizeBytes the bound of a store of this receiver's own; null for a shared one (PostgreSQL)
   */
  public record StoreReport(String type, boolean takingDeliveries, String reason, long pending, long deadLettered,
      long sizeBytes, Long maxSizeBytes) {}

  private final DeliveryStore store;
  private final StoreGauges gauges;
  private final StoreConfig config;

  public StoreEndpoint(DeliveryStore store, StoreGauges gauges, StoreConfig config) {
    this.store = store;
    this.gauges = gauges;
    this.config = config;
  }

  @Read(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> read() {
    return HttpResponse.ok(new String(RoutingJson.write(report()), StandardCharsets.UTF_8));
  }

  StoreReport report() {
    Optional<String> reason = store.cannotTakeDeliveries();
    StoreStatistics statistics = gauges.statistics();
    boolean embedded = StoreConfig.EMBEDDED.equals(config.type());
    return new StoreReport(config.type(), reason.isEmpty(), reason.orElse(null),
        statistics.pending(), statistics.deadLettered(), statistics.sizeBytes(), embedded ? config.maxSize() : null);
  }
}
