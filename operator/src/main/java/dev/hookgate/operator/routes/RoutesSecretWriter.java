package dev.hookgate.operator.routes;

import dev.hookgate.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 *
 * <p>The Secret last read or written is remembered for {@link #REMEMBER_FOR}: a change it already holds (every
 * periodic or pending recheck re-applies its route) costs no API call at all. Past that, or on a conflict, the
 * Secret is read again, so a Secret edited or deleted behind the operator's back is repaired within that time.
 */
public class RoutesSecretWriter {

  private static final Logger LOG = LoggerFactory.getLogger(RoutesSecretWriter.class);
  private static final int MAX_ATTEMPTS = 5;
  static final Duration REMEMBER_FOR = Duration.ofSeconds(10);

  private record Queued(RouteChange change, CompletableFuture<Void> stored) {}

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
  private final Object writerLock = new Object();
  private final Clock clock;
  /** The Secret as last read or written, and when; guarded by {@link #writerLock}. */
  private Secret remembered;
  private Instant rememberedAt = Instant.MIN;

  public RoutesSecretWriter(KubernetesClient client, OperatorSettings settings) {
    this(client, settings, Clock.systemUTC());
  }

  RoutesSecretWriter(KubernetesClient client, OperatorSettings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
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
    Secret current = rememberedAt.plus(REMEMBER_FOR).isAfter(clock.instant()) ? remembered : read();
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Secret desired = RoutesSecretBuilder.desired(current, changes, settings);
      if (!RoutesSecretBuilder.differs(current, desired)) {
        return;
      }
      try {
        var resource = client.secrets().inNamespace(settings.receiverNamespace()).resource(desired);
        remember(current == null ? resource.create() : resource.update());
        LOG.debug("Routes Secret {}/{} updated with {} change(s)", settings.receiverNamespace(),
            settings.routesSecretName(), changes.size());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
        // Changed (409), created (409 on create) or deleted (404 on update) behind our back: read it again.
        lastConflict = e;
        LOG.debug("Routes Secret changed under us (attempt {}, HTTP {}), reading it again", attempt, e.getCode());
        current = read();
      }
    }
    throw new IllegalStateException(
        "routes Secret " + settings.receiverNamespace() + "/" + settings.routesSecretName() + " kept changing under"
            + " us; giving up after " + MAX_ATTEMPTS + " attempts",
        lastConflict);
  }

  private Secret read() {
    return remember(
        client.secrets().inNamespace(settings.receiverNamespace()).withName(settings.routesSecretName()).get());
  }

  private Secret remember(Secret secret) {
    remembered = secret;
    rememberedAt = clock.instant();
    return secret;
  }
}
