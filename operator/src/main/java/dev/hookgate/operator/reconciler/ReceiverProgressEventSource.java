package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.receiver.ReceiverProgress;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles an endpoint as soon as every receiver serves its generation, instead of waiting for its next
 * scheduled recheck: while any endpoint waits, the shared receiver reports are looked at every {@code interval},
 * and each endpoint they now show as loaded gets an event. With a thousand endpoints coming up at once, this is
 * what turns "loaded" into Ready within a poll rather than within a back-off of up to five seconds. The scheduled
 * recheck ({@link PendingRecheck}) stays as the fallback.
 */
final class ReceiverProgressEventSource extends AbstractEventSource<Void, WebhookEndpoint> {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiverProgressEventSource.class);

  private record Awaited(String slug, long generation) {}

  private final ReceiverCheck receivers;
  private final Duration interval;
  private final Map<ResourceID, Awaited> waiting = new ConcurrentHashMap<>();
  private ScheduledExecutorService poller;

  ReceiverProgressEventSource(ReceiverCheck receivers, Duration interval) {
    super(Void.class, "receiver-progress");
    this.receivers = receivers;
    this.interval = interval;
  }

  /** Asks for an event once every receiver serves {@code generation} of the endpoint's route. */
  void await(ResourceID endpoint, String slug, long generation) {
    waiting.put(endpoint, new Awaited(slug, generation));
  }

  /** The endpoint no longer waits (loaded, or deleted). */
  void forget(ResourceID endpoint) {
    waiting.remove(endpoint);
  }

  @Override
  public void start() {
    poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "receiver-progress");
      thread.setDaemon(true);
      return thread;
    });
    poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    super.start();
  }

  private void poll() {
    if (waiting.isEmpty()) {
      return;
    }
    try {
      waiting.forEach((endpoint, awaited) -> {
        ReceiverProgress progress = receivers.progress(awaited.slug(), awaited.generation());
        if (progress.configured() && waiting.remove(endpoint, awaited)) {
          getEventHandler().handleEvent(new Event(endpoint));
        }
      });
    } catch (RuntimeException e) {
      // The receivers did not answer: the scheduled rechecks go on, and so does the next poll.
      LOG.debug("Could not read the receivers' reports", e);
    }
  }

  @Override
  public void stop() {
    if (poller != null) {
      poller.shutdownNow();
    }
    super.stop();
  }

  @Override
  public Set<Void> getSecondaryResources(WebhookEndpoint primary) {
    return Set.of();
  }
}
