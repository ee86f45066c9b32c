package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.receiver.DeliveryTotals;
import dev.hookgate.operator.receiver.ReceiverProgress;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
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
 *
 * <p>Loaded endpoints are looked at too, every {@code deliveriesInterval}: one whose dead letters the receivers now
 * count differently from its status (new ones, or a replay), or whose target stopped them (410 Gone), gets an event,
 * so the DEAD LETTERS column, its DeadLettering Event and the stop show within seconds rather than at the next
 * resync. Only those changes: the other counts move with every delivery, and stay on the resync.
 */
final class ReceiverProgressEventSource extends AbstractEventSource<Void, WebhookEndpoint> {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiverProgressEventSource.class);

  private record Awaited(String slug, long generation) {}

  /** What the status says now, to compare the receivers' reports with. */
  private record Written(String slug, long generation, long deadLettered, String stoppedReason) {}

  private final ReceiverCheck receivers;
  private final Duration interval;
  private final Duration deliveriesInterval;
  private final Map<ResourceID, Awaited> waiting = new ConcurrentHashMap<>();
  private final Map<ResourceID, Written> loaded = new ConcurrentHashMap<>();
  private ScheduledExecutorService poller;

  ReceiverProgressEventSource(ReceiverCheck receivers, Duration interval, Duration deliveriesInterval) {
    super(Void.class, "receiver-progress");
    this.receivers = receivers;
    this.interval = interval;
    this.deliveriesInterval = deliveriesInterval;
  }

  /** Asks for an event once every receiver serves {@code generation} of the endpoint's route. */
  void await(ResourceID endpoint, String slug, long generation) {
    loaded.remove(endpoint);
    waiting.put(endpoint, new Awaited(slug, generation));
  }

  /**
   * The endpoint is loaded, and its status is being written with {@code deliveries} (null: none reported): asks for
   * an event once its dead letters or its stop differ from those.
   */
  void loaded(ResourceID endpoint, String slug, long generation, DeliveryTotals deliveries) {
    waiting.remove(endpoint);
    loaded.put(endpoint, new Written(slug, generation, deliveries == null ? 0 : deliveries.deadLettered(),
        deliveries == null ? null : deliveries.stoppedReason()));
  }

  /** The endpoint is neither awaited nor watched (deleted, or no longer loaded). */
  void forget(ResourceID endpoint) {
    waiting.remove(endpoint);
    loaded.remove(endpoint);
  }

  @Override
  public void start() {
    poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "receiver-progress");
      thread.setDaemon(true);
      return thread;
    });
    poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    poller.scheduleWithFixedDelay(this::pollDeliveries, deliveriesInterval.toMillis(), deliveriesInterval.toMillis(),
        TimeUnit.MILLISECONDS);
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

  private void pollDeliveries() {
    try {
      loaded.forEach((endpoint, written) -> {
        ReceiverProgress progress = receivers.progress(written.slug(), written.generation());
        // Only when every receiver answered: one that did not would lower the sums, and raise them back next time.
        if (progress.answered() < progress.listed() || progress.deliveries() == null) {
          return;
        }
        DeliveryTotals now = progress.deliveries();
        boolean changed = now.deadLettered() != written.deadLettered()
            || !Objects.equals(now.stoppedReason(), written.stoppedReason());
        if (changed && loaded.remove(endpoint, written)) {
          getEventHandler().handleEvent(new Event(endpoint));
        }
      });
    } catch (RuntimeException e) {
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
