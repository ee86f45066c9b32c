package dev.hookgate.receiver.peer;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code hookgate.peers.drain-on-shutdown} set, a receiver that is stopped (SIGTERM: a scale-down, a rollout, a
 * node drain) first moves its deliveries to the other receivers ({@link ReceiverDrain}), for up to that long, so a
 * StatefulSet scaled down leaves nothing behind on the volumes it keeps. What cannot be moved in time stays in the
 * store, as without this, and is delivered when a pod with that volume runs again. Runs on the shutdown event, before
 * any bean (the store, the HTTP client) is closed.
 */
@Singleton
@Requires(property = "hookgate.peers.drain-on-shutdown")
public class DrainOnShutdown implements ApplicationEventListener<ShutdownEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(DrainOnShutdown.class);

  private final ReceiverDrain drain;
  private final Duration limit;

  public DrainOnShutdown(ReceiverDrain drain, PeerConfig config) {
    this.drain = drain;
    this.limit = config.drainOnShutdown();
  }

  @Override
  public void onApplicationEvent(ShutdownEvent event) {
    if (limit.isZero()) {
      return;
    }
    Optional<String> refused = drain.start();
    if (refused.isPresent()) {
      LOG.info("Not draining on shutdown: {}", refused.get());
      return;
    }
    try {
      drain.awaitDrained(limit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ReceiverDrain.Progress progress = drain.progress();
    if (progress.phase() == ReceiverDrain.Phase.DRAINED) {
      LOG.info("Drained on shutdown: {} deliveries moved to the other receivers", progress.moved());
    } else {
      LOG.warn("Stopping with {} pending deliveries and {} dead letters not moved after {} (they stay in the store"
          + " and go out when this volume is used again): {}", progress.pending(), progress.deadLetters(), limit,
          progress.problem());
    }
  }
}
