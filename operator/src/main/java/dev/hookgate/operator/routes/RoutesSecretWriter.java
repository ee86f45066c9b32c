package dev.hookgate.operator.routes;

import dev.hookgate.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link RouteChange}s to the routes Secret: read, edit one entry, write with the read resourceVersion,
 * and start over on a conflict. Writes are serialised within the process; other writers (another replica during
 * a leader hand-over) are caught by the resourceVersion check.
 */
public class RoutesSecretWriter {

  private static final Logger LOG = LoggerFactory.getLogger(RoutesSecretWriter.class);
  private static final int MAX_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final OperatorSettings settings;

  public RoutesSecretWriter(KubernetesClient client, OperatorSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /** @return true when the Secret was written, false when it already held the change */
  public synchronized boolean apply(RouteChange change) {
    KubernetesClientException lastConflict = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Secret current =
          client.secrets().inNamespace(settings.receiverNamespace()).withName(settings.routesSecretName()).get();
      Secret desired = RoutesSecretBuilder.desired(current, change, settings);
      if (!RoutesSecretBuilder.differs(current, desired)) {
        return false;
      }
      try {
        var resource = client.secrets().inNamespace(settings.receiverNamespace()).resource(desired);
        if (current == null) {
          resource.create();
        } else {
          resource.update();
        }
        LOG.debug("Routes Secret {}/{} updated: {}", settings.receiverNamespace(), settings.routesSecretName(), change);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        lastConflict = e;
        LOG.debug("Conflict writing the routes Secret (attempt {}), reading it again", attempt);
      }
    }
    throw new IllegalStateException(
        "routes Secret " + settings.receiverNamespace() + "/" + settings.routesSecretName() + " kept changing under"
            + " us; giving up after " + MAX_ATTEMPTS + " attempts",
        lastConflict);
  }
}
