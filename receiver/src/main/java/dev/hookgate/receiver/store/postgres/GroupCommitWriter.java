package dev.hookgate.receiver.store.postgres;

import dev.hookgate.receiver.store.DeliveryStore.Admission;
import dev.hookgate.receiver.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits concurrent admits together: each writer thread takes whatever is queued (up to a batch) and writes it in
 * one transaction, so one WAL flush acknowledges many deliveries. A future completes only after its commit.
 */
final class GroupCommitWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int QUEUE_CAPACITY = 100_000;

  private record Queued(AdmitTransaction.Request request, CompletableFuture<Admission> admission) {}

  private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final Function<List<AdmitTransaction.Request>, List<Admission>> commitBatch;
  private final int maxBatch;
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean closed;

  /** @param commitBatch writes a batch in one transaction; its admissions in the batch's order */
  GroupCommitWriter(Function<List<AdmitTransaction.Request>, List<Admission>> commitBatch, int writerCount,
      int maxBatch) {
    this.commitBatch = commitBatch;
    this.maxBatch = maxBatch;
    for (int i = 0; i < writerCount; i++) {
      Thread writer = new Thread(this::run, "postgres-admit-" + i);
      writer.setDaemon(true);
      writer.start();
      writers.add(writer);
    }
  }

  CompletableFuture<Admission> submit(AdmitTransaction.Request request) {
    CompletableFuture<Admission> admission = new CompletableFuture<>();
    if (closed) {
      admission.completeExceptionally(new StoreUnavailableException("the PostgreSQL store is closed", null));
      return admission;
    }
    Queued queued = new Queued(request, admission);
    if (!queue.offer(queued)) {
      admission.completeExceptionally(
          new StoreUnavailableException("the PostgreSQL store has " + QUEUE_CAPACITY + " admits waiting", null));
    } else if (closed && queue.remove(queued)) {
      // close() ran between the check above and the offer: nothing would ever take this one
      admission.completeExceptionally(new StoreUnavailableException("the PostgreSQL store is closed", null));
    }
    return admission;
  }

  private void run() {
    List<Queued> batch = new ArrayList<>(maxBatch);
    while (!closed || !queue.isEmpty()) {
      try {
        Queued first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failAll(batch, new StoreUnavailableException("the PostgreSQL store is closing", e));
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void commit(List<Queued> batch) {
    List<Admission> admissions;
    try {
      admissions = commitBatch.apply(batch.stream().map(Queued::request).toList());
    } catch (StoreUnavailableException e) {
      failAll(batch, e);
      return;
    } catch (RuntimeException e) {
      LOG.error("Admitting {} deliveries failed unexpectedly", batch.size(), e);
      failAll(batch, new StoreUnavailableException("admitting deliveries failed unexpectedly", e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).admission().complete(admissions.get(i));
    }
  }

  private static void failAll(List<Queued> batch, StoreUnavailableException failure) {
    batch.forEach(queued -> queued.admission().completeExceptionally(failure));
  }

  @Override
  public void close() {
    closed = true;
    for (Thread writer : writers) {
      try {
        writer.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<Queued> left = new ArrayList<>();
    queue.drainTo(left);
    failAll(left, new StoreUnavailableException("the PostgreSQL store is closed", null));
  }
}
