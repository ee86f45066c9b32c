package dev.hookgate.operator.routes;

import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingTable;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link RouteChange}s to the routes Secret from one writer thread, in batches: reconciles queue their
 * change and go on, the writer waits {@link #LINGER} for more, then reads the Secret (or uses the copy it last
 * wrote), applies every queued change, and writes it once, with the read resourceVersion (a conflict, e.g. another
 * replica during a leader hand-over, reads it again). When 1,000 endpoints come up at once this is a handful of
 * writes of the (large) table instead of one per few endpoints, and no reconcile thread waits for them: whether a
 * route is live is what ReceiverConfigured reports, from the receivers.
 *
 * <p>A later change of an endpoint replaces its queued one. A failed write is logged and retried with backoff
 * until it succeeds. {@link #applyAndWait} is for removals: the finalizer must not let an endpoint go before its
 * route is gone, or a deleted endpoint's route would outlive it after a crash.
 *
 * <p>The table last read or written is remembered, parsed, for {@link #REMEMBER_FOR}: a change it already holds
 * (every periodic or pending recheck re-applies its route) costs no API call and no write. Past that, or on a
 * conflict, the Secret is read again, so a Secret edited or deleted behind the operator's back is repaired within
 * that time.
 */
public class RoutesSecretWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RoutesSecretWriter.class);
  private static final int MAX_ATTEMPTS = 5;
  static final Duration REMEMBER_FOR = Duration.ofSeconds(10);
  static final Duration LINGER = Duration.ofMillis(50);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private record Queued(RouteChange change, CompletableFuture<Void> stored) {}

  /** The Secret as last read or written, its table, and when. */
  /** The Secret as last read or written, its table, and that table's routes by endpoint key (asked per reconcile). */
  private record Snapshot(Secret secret, RoutingTable table, Map<String, Route> routes, Instant at) {

    Snapshot(Secret secret, RoutingTable table, Instant at) {
      this(secret, table, table.routes().stream().collect(Collectors.toMap(RouteChange::keyOf, route -> route)), at);
    }
  }

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final Clock clock;
  /** Queued changes by endpoint, oldest first; guarded by {@code this}. */
  private final Map<String, Queued> queued = new LinkedHashMap<>();
  /** Endpoints of the batch being written; guarded by {@code this}. */
  private final Set<String> inFlight = new HashSet<>();
  private final Thread writer;
  private volatile Snapshot remembered;
  private boolean closed;

  public RoutesSecretWriter(KubernetesClient client, OperatorSettings settings) {
    this(client, settings, Clock.systemUTC());
  }

  RoutesSecretWriter(KubernetesClient client, OperatorSettings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.writer = new Thread(this::writeLoop, "routes-secret-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues {@code change}; it is written with the next batch (at once when the remembered table holds it). */
  public void apply(RouteChange change) {
    submit(change);
  }

  /**
   * Queues {@code change} and waits until it is stored.
   *
   * @throws KubernetesClientException or IllegalStateException when the batch could not be written (it stays
   *     queued and is retried)
   */
  public void applyAndWait(RouteChange change) {
    try {
      submit(change).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Completes when {@code change} is stored. */
  private CompletableFuture<Void> submit(RouteChange change) {
    String key = change.endpointKey();
    Snapshot snapshot = remembered;
    boolean alreadyHeld = isFresh(snapshot) && change.heldBy(snapshot.routes());
    CompletableFuture<Void> stored = new CompletableFuture<>();
    synchronized (this) {
      // Held only if no other change of this endpoint is queued or being written, which could still undo it.
      if (alreadyHeld && remembered == snapshot && !queued.containsKey(key) && !inFlight.contains(key)) {
        return CompletableFuture.completedFuture(null);
      }
      Queued replaced = queued.remove(change.endpointKey());
      if (replaced != null) {
        // The newer change supersedes it: it is stored when the newer one is.
        stored.whenComplete((ok, error) -> complete(replaced.stored(), error));
      }
      queued.put(change.endpointKey(), new Queued(change, stored));
      notifyAll();
    }
    return stored;
  }

  private void writeLoop() {
    Duration backoff = Duration.ofMillis(500);
    while (true) {
      List<Queued> batch;
      try {
        batch = nextBatch();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) {
        return;
      }
      try {
        write(batch.stream().map(Queued::change).toList());
        batch.forEach(entry -> entry.stored().complete(null));
        backoff = Duration.ofMillis(500);
      } catch (RuntimeException e) {
        if (isClosed()) {
          batch.forEach(entry -> entry.stored().completeExceptionally(e));
          return;
        }
        LOG.warn("Could not write routes Secret {}/{} ({} change(s)); retrying in {}: {}", settings.receiverNamespace(),
            settings.routesSecretName(), batch.size(), backoff, e.getMessage());
        requeue(batch, e);
        if (!pause(backoff)) {
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      } finally {
        doneWriting();
      }
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  private synchronized void doneWriting() {
    inFlight.clear();
  }

  /** Waits for a first queued change, lingers for more, and takes them all; null once closed and drained. */
  private synchronized List<Queued> nextBatch() throws InterruptedException {
    while (queued.isEmpty()) {
      if (closed) {
        return null;
      }
      wait();
    }
    if (!closed) {
      wait(LINGER.toMillis());
    }
    List<Queued> batch = new ArrayList<>(queued.values());
    inFlight.addAll(queued.keySet());
    queued.clear();
    return batch;
  }

  /** Puts a failed batch back (unless a newer change of the same endpoint came meanwhile) and fails its waiters. */
  private synchronized void requeue(List<Queued> batch, RuntimeException error) {
    remembered = null;
    for (Queued entry : batch) {
      if (!queued.containsKey(entry.change().endpointKey())) {
        CompletableFuture<Void> retry = new CompletableFuture<>();
        queued.put(entry.change().endpointKey(), new Queued(entry.change(), retry));
      }
      entry.stored().completeExceptionally(error);
    }
  }

  private synchronized boolean pause(Duration duration) {
    try {
      if (!closed) {
        wait(duration.toMillis());
      }
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private void write(List<RouteChange> changes) {
    KubernetesClientException lastConflict = null;
    Snapshot snapshot = remembered;
    Snapshot current = isFresh(snapshot) ? snapshot : read();
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      RoutingTable table = RoutesSecretBuilder.applied(current.table(), changes);
      Secret desired = RoutesSecretBuilder.holding(current.secret(), table, settings);
      if (!RoutesSecretBuilder.differs(current.secret(), desired)) {
        return;
      }
      try {
        var resource = client.secrets().inNamespace(settings.receiverNamespace()).resource(desired);
        Secret written = current.secret() == null ? resource.create() : resource.update();
        remember(written, table); // what was written: no need to parse it back
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

  private boolean isFresh(Snapshot snapshot) {
    return snapshot != null && snapshot.at().plus(REMEMBER_FOR).isAfter(clock.instant());
  }

  private Snapshot read() {
    Secret secret =
        client.secrets().inNamespace(settings.receiverNamespace()).withName(settings.routesSecretName()).get();
    return remember(secret, RoutesSecretBuilder.currentTable(secret));
  }

  private Snapshot remember(Secret secret, RoutingTable table) {
    Snapshot snapshot = new Snapshot(secret, table, clock.instant());
    remembered = snapshot;
    return snapshot;
  }

  private static void complete(CompletableFuture<Void> future, Throwable error) {
    if (error == null) {
      future.complete(null);
    } else {
      future.completeExceptionally(error);
    }
  }

  /** Writes what is queued, then stops the writer thread. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      writer.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
