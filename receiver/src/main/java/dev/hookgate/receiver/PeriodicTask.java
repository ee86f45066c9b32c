package dev.hookgate.receiver;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one piece of work again and again, with a fixed delay between runs, on a daemon thread of its own, until it
 * is closed. A run that fails is logged and the next one still runs (a bare executor would stop at the first).
 *
 * <p>The receiver's background work (the routes file poll, the store's prune, the dispatcher's lease renewals) uses
 * this rather than Micronaut's {@code @Scheduled}: that looks its bean up again for every run, so a run that fell in
 * the context's shutdown tried to create a new bean after its dependencies were gone and logged an ERROR.
 */
public final class PeriodicTask implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

  private final String name;
  private final ScheduledExecutorService thread;

  /**
   * Starts running {@code work} every {@code delay}, the first time one {@code delay} from now.
   *
   * @param setting the setting {@code delay} came from, named when it is not positive
   */
  public PeriodicTask(String name, String setting, Duration delay, Runnable work) {
    long every = delay.toNanos();
    if (every <= 0) {
      throw new IllegalArgumentException(setting + " must be positive, got " + delay);
    }
    this.name = name;
    this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread runner = new Thread(runnable, name);
      runner.setDaemon(true);
      return runner;
    });
    thread.scheduleWithFixedDelay(() -> runLoggingFailures(work), every, every, TimeUnit.NANOSECONDS);
  }

  private void runLoggingFailures(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.error("{} failed; it runs again at its next interval", name, e);
    }
  }

  /** Stops the runs; a run under way finishes first (for up to five seconds). */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
