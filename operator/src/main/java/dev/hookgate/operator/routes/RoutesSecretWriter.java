package dev.hookgate.operator.routes;

import dev.hookgate.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link RouteChange}s to the routes Secret, group-committed: every reconcile queues its change, and
 * whichever thread holds the writer lock reads the Secret once, applies every change queued so far, and writes
 * it once, with the read resourceVersion (a conflict, e.g. another replica during a leader hand-over, starts the
 * batch over). The others find their change already written. With many endpoints reconciling at once this is
 * one write of the (large) table per batch instead of one per endpoint. {@link #apply} returns once the change
 * is stored, so callers may go on to ask receivers whether they serve it.
 */
public class RoutesSecretWriter {

  private static final Logger LOG = LoggerFactory.getLogger(RoutesSecretWriter.class);
  private static final int MAX_ATTEMPTS = 5;

  private record Queued(RouteChange change, CompletableFuture<Void> stored) {}

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
  private final Object writerLock = new Object();

  public RoutesSecretWriter(KubernetesClient client, OperatorSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /**
   * Stores {@code change} in the routes Secret, together with whatever other changes are queued.
   *
   * @throws KubernetesClientException or IllegalStateException when the batch could not be written
   */
  public void apply(RouteChange change) {
    Queued mine = new Queued(change, new CompletableFuture<>());
    queue.add(mine);
    synchronized (writerLock) {
      // While we waited for the lock, the writer before us may have stored our change with its batch.
      if (!mine.stored().isDone()) {
        writeQueued();
      }
    }
    try {
      mine.stored().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void writeQueued() {
    List<Queued> batch = new ArrayList<>();
    for (Queued next = queue.poll(); next != null; next = queue.poll()) {
      batch.add(next);
    }
    List<RouteChange> changes = batch.stream().map(Queued::change).toList();
    try {
      write(changes);
      batch.forEach(queued -> queued.stored().complete(null));
    } catch (RuntimeException e) {
      batch.forEach(queued -> queued.stored().completeExceptionally(e));
    }
  }

  private void write(List<RouteChange> changes) {
    KubernetesClientException lastConflict = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Secret current =
          client.secrets().inNamespace(settings.receiverNamespace()).withName(settings.routesSecretName()).get();
      Secret desired = RoutesSecretBuilder.desired(current, changes, settings);
      if (!RoutesSecretBuilder.differs(current, desired)) {
        return;
      }
      try {
        var resource = client.secrets().inNamespace(settings.receiverNamespace()).resource(desired);
        if (current == null) {
          resource.create();
        } else {
          resource.update();
        }
        LOG.debug("Routes Secret {}/{} updated with {} change(s)", settings.receiverNamespace(),
            settings.routesSecretName(), changes.size());
        return;
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
