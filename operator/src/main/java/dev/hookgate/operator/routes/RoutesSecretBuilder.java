package dev.hookgate.operator.routes;

import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.dependent.ManagedLabels;
import dev.hookgate.routing.RoutingJson;
import dev.hookgate.routing.RoutingTable;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
    return desired(current, List.of(change), settings);
  }

  /** The routes Secret with {@code changes} applied in order: what one write of a batch of changes stores. */
  public static Secret desired(Secret current, List<RouteChange> changes, OperatorSettings settings) {
    return desired(current, currentTable(current), changes, settings);
  }

  /** As {@link #desired(Secret, List, OperatorSettings)} with {@code current}'s table already parsed. */
  static Secret desired(Secret current, RoutingTable currentTable, List<RouteChange> changes,
      OperatorSettings settings) {
    RoutingTable table = currentTable;
    for (RouteChange change : changes) {
      table = change.applyTo(table);
    }
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
    data.put(RoutingTable.SECRET_KEY, Base64.getEncoder().encodeToString(RoutingJson.write(table)));
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
