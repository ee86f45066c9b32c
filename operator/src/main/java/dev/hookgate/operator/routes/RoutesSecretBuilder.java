package dev.hookgate.operator.routes;

import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.dependent.ManagedLabels;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingJson;
import dev.hookgate.routing.RoutingTable;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The desired routes Secret after one endpoint's {@link RouteChange}: the current table with only that endpoint's
 * entry edited, so a reconcile never drops another endpoint's route. Pure.
 */
public final class RoutesSecretBuilder {

  private RoutesSecretBuilder() {}

  /**
   * @param current the routes Secret as it is now; null when it does not exist yet
   * @return the Secret to write, carrying {@code current}'s resourceVersion for optimistic concurrency
   * @throws IllegalArgumentException when the current table cannot be read (it is not overwritten)
   */
  public static Secret desired(Secret current, RouteChange change, OperatorSettings settings) {
    return holding(current, applied(currentTable(current), List.of(change)), settings);
  }

  /**
   * {@code table} with {@code changes} applied (a later change of an endpoint wins over an earlier one), in one
   * pass: a batch of a hundred changes to a table of thousands of routes costs one sort, not a hundred.
   */
  static RoutingTable applied(RoutingTable table, List<RouteChange> changes) {
    Map<String, RouteChange> byEndpoint = new LinkedHashMap<>();
    changes.forEach(change -> byEndpoint.put(change.endpointKey(), change));
    List<Route> routes = new ArrayList<>(table.routes().size() + byEndpoint.size());
    table.routes().stream().filter(route -> !byEndpoint.containsKey(RouteChange.keyOf(route))).forEach(routes::add);
    byEndpoint.values().forEach(change -> change.newRoute().ifPresent(routes::add));
    return new RoutingTable(RoutingTable.FORMAT_VERSION, routes);
  }

  /** The routes Secret holding {@code table}, keeping {@code current}'s other data and labels. */
  static Secret holding(Secret current, RoutingTable table, OperatorSettings settings) {
    Map<String, String> data = new TreeMap<>();
    Map<String, String> labels = new TreeMap<>();
    ObjectMetaBuilder metadata = new ObjectMetaBuilder();
    if (current != null) {
      if (current.getData() != null) {
        data.putAll(current.getData());
      }
      if (current.getMetadata().getLabels() != null) {
        labels.putAll(current.getMetadata().getLabels());
      }
      metadata.withResourceVersion(current.getMetadata().getResourceVersion());
    }
    labels.putAll(ManagedLabels.managed());
    labels.put(ManagedLabels.ROUTES_TABLE, "true");
    data.put(RoutingTable.SECRET_KEY, Base64.getEncoder().encodeToString(RoutingJson.writeTable(table)));
    return new SecretBuilder()
        .withMetadata(
            metadata
                .withName(settings.routesSecretName())
                .withNamespace(settings.receiverNamespace())
                .withLabels(labels)
                .build())
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** The table in {@code secret}; empty when the Secret or its key does not exist. */
  public static RoutingTable currentTable(Secret secret) {
    if (secret == null) {
      return RoutingTable.empty();
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(RoutingTable.SECRET_KEY);
    if (encoded == null) {
      // stringData is only seen when an object did not go through an API server (tests, mock server)
      String plain = secret.getStringData() == null ? null : secret.getStringData().get(RoutingTable.SECRET_KEY);
      return plain == null ? RoutingTable.empty() : RoutingJson.readTable(plain.getBytes(StandardCharsets.UTF_8));
    }
    return RoutingJson.readTable(Base64.getDecoder().decode(encoded));
  }

  /** Whether writing {@code desired} over {@code current} would change anything the receiver or we care about. */
  public static boolean differs(Secret current, Secret desired) {
    if (current == null) {
      return true;
    }
    Map<String, String> currentLabels =
        current.getMetadata().getLabels() == null ? Map.of() : current.getMetadata().getLabels();
    Map<String, String> currentData = current.getData() == null ? Map.of() : current.getData();
    return !currentLabels.equals(desired.getMetadata().getLabels()) || !currentData.equals(desired.getData());
  }
}
