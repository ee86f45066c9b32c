package dev.hookgate.receiver.store.postgres;

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
 * Writes concurrent requests together: each writer thread takes whatever is queued (up to a batch) and writes it in
 * one statement, so one round trip (and for admits one WAL flush) serves many. A future completes only after its
 * batch is written.
 *
 * @param <I> what is written
 * @param <O> what writing one tells its caller
 */
final class GroupCommitWriter<I, O> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int QUEUE_CAPACITY = 100_000;

  private record Queued<I, O>(I request, CompletableFuture<O> result) {}

  private final BlockingQueue<Queued<I, O>> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final Function<List<I>, List<O>> commitBatch;
  private final String what;
  private final int maxBatch;
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean closed;

  /**
   * @param what what a request is, in thread names and messages ("admit", ...)
   * @param commitBatch writes a batch in one transaction; its results in the batch's order
   */
  GroupCommitWriter(String what, Function<List<I>, List<O>> commitBatch, int writerCount, int maxBatch) {
    this.what = what;
    this.commitBatch = commitBatch;
    this.maxBatch = maxBatch;
    for (int i = 0; i < writerCount; i++) {
      Thread writer = new Thread(this::run, "postgres-" + what + "-" + i);
      writer.setDaemon(true);
      writer.start();
      writers.add(writer);
    }
  }

  CompletableFuture<O> submit(I request) {
    CompletableFuture<O> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new StoreUnavailableException("the PostgreSQL store is closed", null));
      return result;
    }
    Queued<I, O> queued = new Queued<>(request, result);
    if (!queue.offer(queued)) {
      result.completeExceptionally(new StoreUnavailableException(
          "the PostgreSQL store has " + QUEUE_CAPACITY + " " + what + "s waiting", null));
    } else if (closed && queue.remove(queued)) {
      // close() ran between the check above and the offer: nothing would ever take this one
      result.completeExceptionally(new StoreUnavailableException("the PostgreSQL store is closed", null));
    }
    return result;
  }

  private void run() {
    List<Queued<I, O>> batch = new ArrayList<>(maxBatch);
    while (!closed || !queue.isEmpty()) {
      try {
        Queued<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
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

  private void commit(List<Queued<I, O>> batch) {
    List<O> results;
    try {
      results = commitBatch.apply(batch.stream().map(Queued::request).toList());
    } catch (StoreUnavailableException e) {
      failAll(batch, e);
      return;
    } catch (RuntimeException e) {
      LOG.error("Writing a batch of {} {}s failed unexpectedly", batch.size(), what, e);
      failAll(batch, new StoreUnavailableException("writing a batch of " + what + "s failed unexpectedly", e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
  }

  private static <I, O> void failAll(List<Queued<I, O>> batch, StoreUnavailableException failure) {
    batch.forEach(queued -> queued.result().completeExceptionally(failure));
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
    List<Queued<I, O>> left = new ArrayList<>();
    queue.drainTo(left);
    failAll(left, new StoreUnavailableException("the PostgreSQL store is closed", null));
  }
}
