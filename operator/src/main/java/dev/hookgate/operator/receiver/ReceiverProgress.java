package dev.hookgate.operator.receiver;

import dev.hookgate.routing.ReceiverStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How far the receivers are with one route: how many answered, how many serve the slug at the wanted generation
 * or later, and the latest event time any of them reports for it. Pure.
 *
 * @param listed ready receivers known (EndpointSlices or the static list)
 * @param notReady receivers known that run but are not ready
 * @param answered ready receivers that returned a status report
 * @param serving receivers that serve the slug at {@code generation} or later
 * @param generation the endpoint's metadata.generation
 * @param lastEventTime the latest lastEventTime reported for the slug; null if none
 * @param deliveries the route's deliveries summed over the receivers' stores, ready or not (a store several
 *     receivers share, once); null when none reported them
 */
public record ReceiverProgress(int listed, int notReady, int answered, int serving, long generation,
    Instant lastEventTime, DeliveryTotals deliveries) {

  /** Progress over ready receivers only. */
  public static ReceiverProgress of(String slug, long generation, List<Optional<ReceiverStatus>> reports) {
    return of(slug, generation, new ReceiverReports.Reports(reports, List.of()));
  }

  /**
   * Progress over the ready receivers; the deliveries and the last event time also count what the receivers that are
   * not ready hold (they are not asked to serve the generation: they take no deliveries).
   */
  public static ReceiverProgress of(String slug, long generation, ReceiverReports.Reports reports) {
    int answered = 0;
    int serving = 0;
    Instant last = null;
    List<ReceiverStatus.DeliveryCounts> deliveries = new ArrayList<>();
    Set<String> storesCounted = new HashSet<>();
    List<Optional<ReceiverStatus>> all = new ArrayList<>(reports.ready());
    all.addAll(reports.notReady());
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).isEmpty()) {
        continue;
      }
      ReceiverStatus report = all.get(i).get();
      Optional<ReceiverStatus.ServedRoute> route =
          report.routes().stream().filter(r -> Objects.equals(r.slug(), slug)).findFirst();
      if (i < reports.ready().size()) {
        answered++;
        if (route.isPresent() && route.get().endpoint() != null
            && route.get().endpoint().generation() >= generation) {
          serving++;
        }
      }
      // Receivers sharing one store (PostgreSQL) each report all of its deliveries: counted once per store.
      String shared = report.sharedStore();
      if (shared == null || storesCounted.add(shared)) {
        route.map(ReceiverStatus.ServedRoute::deliveries).ifPresent(deliveries::add);
      }
      Instant time = route.map(ReceiverStatus.ServedRoute::lastEventTime).orElse(null);
      if (time != null && (last == null || time.isAfter(last))) {
        last = time;
      }
    }
    return new ReceiverProgress(reports.ready().size(), reports.notReady().size(), answered, serving, generation,
        last, DeliveryTotals.sum(deliveries));
  }

  /** True when at least one receiver answered and every receiver that answered serves the generation. */
  public boolean configured() {
    return answered > 0 && serving == answered;
  }
}
