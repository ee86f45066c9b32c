package dev.hookgate.receiver.store;

import dev.hookgate.receiver.store.DeliveryStore.ReplaySelection;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link ReplaySelection} as an SQL condition on the columns {@code id}, {@code endpoint} and {@code received_at},
 * with its parameters in order.
 *
 * @param where the condition, with {@code ?} placeholders
 * @param parameters the placeholders' values
 */
public record ReplayFilter(String where, List<Object> parameters) {

  /** @param time how the store writes an instant as a parameter (epoch millis, a timestamp, ...) */
  public static ReplayFilter of(ReplaySelection selection, Function<Instant, Object> time) {
    if (selection instanceof ReplaySelection.One one) {
      return new ReplayFilter("id = ?", List.of(one.id()));
    }
    if (selection instanceof ReplaySelection.AllOfEndpoint all) {
      return new ReplayFilter("endpoint = ?", List.of(all.endpoint()));
    }
    ReplaySelection.Since since = (ReplaySelection.Since) selection;
    return since.endpointOrNull() == null
        ? new ReplayFilter("received_at >= ?", List.of(time.apply(since.since())))
        : new ReplayFilter("received_at >= ? AND endpoint = ?",
            List.of(time.apply(since.since()), since.endpointOrNull()));
  }
}
