package dev.hookgate.receiver.store.sqlite;

import dev.hookgate.receiver.store.StoreUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes the store file. Work submitted concurrently is run in one transaction and committed
 * (fsync'd) once: when the queue is drained or {@code maxBatch} tasks are in. Each task's future completes only
 * after that commit, so a caller that sees its result knows it is durable. Any failure fails the whole batch
 * with {@link StoreUnavailableException} (nothing of it was committed) and reopens the file for the next one.
 */
final class GroupCommitWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

  /** Work on the writer's connection, inside the batch's transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(ReopeningConnection connection) throws SQLException;
  }

  private record Task<T>(Work<T> work, CompletableFuture<T> result) {

    void complete(Object value) {
      @SuppressWarnings("unchecked")
      T typed = (T) value;
      result.complete(typed);
    }
  }

  private static final Task<Void> STOP = new Task<>(connection -> null, new CompletableFuture<>());
  /** The size bound is checked against a figure at most this old (a few batches may go past it). */
  private static final long USED_BYTES_EVERY_NANOS = 100_000_000L;

  private final ReopeningConnection connection;
  private final int maxBatch;
  private final LongConsumer afterCommit;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  /** {@link System#nanoTime} of the first batch of the current run of failures; null while batches commit. */
  private volatile Long failingSince;
  private volatile String lastFailure;
  private long usedBytesReadAt = System.nanoTime() - USED_BYTES_EVERY_NANOS - 1; // writer thread only

  /** @param afterCommit told the database's used bytes after every commit (for the size bound) */
  GroupCommitWriter(SqliteFile file, int maxBatch, LongConsumer afterCommit) {
    this.connection = new ReopeningConnection(file, true);
    this.maxBatch = maxBatch;
    this.afterCommit = afterCommit;
    this.thread = new Thread(this::run, "delivery-store-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  <T> CompletableFuture<T> submit(Work<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new StoreUnavailableException("the delivery store is closed", null));
      return result;
    }
    queue.add(new Task<>(work, result));
    return result;
  }

  /** Submits and waits: for the synchronous methods of the store. */
  <T> T call(Work<T> work) {
    try {
      return submit(work).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  private void run() {
    List<Task<?>> batch = new ArrayList<>(maxBatch);
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, maxBatch - 1);
      boolean stop = batch.remove(STOP);
      if (!batch.isEmpty()) {
        runBatch(batch);
      }
      batch.clear();
      if (stop) {
        failRemaining();
        connection.close();
        return;
      }
    }
  }

  private void runBatch(List<Task<?>> batch) {
    List<Object> results = new ArrayList<>(batch.size());
    try {
      connection.get();
      for (Task<?> task : batch) {
        results.add(task.work().run(connection));
      }
      connection.get().commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollbackQuietly();
      connection.discard();
      StoreUnavailableException failure = e instanceof StoreUnavailableException unavailable ? unavailable
          : new StoreUnavailableException("the delivery store cannot write: " + e.getMessage(), e);
      lastFailure = e.getMessage();
      if (failingSince == null) {
        failingSince = System.nanoTime();
        LOG.warn("The delivery store cannot write (logged once until it recovers): {}", e.getMessage());
      }
      LOG.debug("A batch of {} store writes failed and was not committed", batch.size(), e);
      batch.forEach(task -> task.result().completeExceptionally(failure));
      return;
    }
    if (failingSince != null) {
      failingSince = null;
      LOG.info("The delivery store writes again");
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).complete(results.get(i));
    }
    long now = System.nanoTime();
    if (now - usedBytesReadAt > USED_BYTES_EVERY_NANOS) {
      usedBytesReadAt = now;
      afterCommit.accept(usedBytes());
    }
  }

  /** How long every batch has failed, with the last failure; empty while batches commit. */
  Optional<Failing> failing() {
    Long since = failingSince;
    String failure = lastFailure;
    return since == null ? Optional.empty()
        : Optional.of(new Failing(Duration.ofNanos(System.nanoTime() - since), failure));
  }

  record Failing(Duration duration, String lastFailure) {}

  /** Pages in use (free pages left by deletions are reused, so they do not count against the bound). */
  private long usedBytes() {
    try (var statement = connection.get().createStatement();
        var rows = statement.executeQuery(
            "SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()),"
                + " (SELECT page_size FROM pragma_page_size())")) {
      rows.next();
      long used = rows.getLong(1) * rows.getLong(2);
      connection.get().commit(); // ends the read transaction the query opened, so checkpoints are not held back
      return used;
    } catch (SQLException e) {
      LOG.debug("Could not read the store's page counts", e);
      return 0;
    }
  }

  private void failRemaining() {
    List<Task<?>> remaining = new ArrayList<>();
    queue.drainTo(remaining);
    StoreUnavailableException closedFailure = new StoreUnavailableException("the delivery store is closed", null);
    remaining.forEach(task -> task.result().completeExceptionally(closedFailure));
  }

  @Override
  public void close() {
    closed = true;
    queue.add(STOP);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
