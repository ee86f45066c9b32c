package dev.hookgate.receiver.peer;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code hookgate.peers.drain-and-exit}, this receiver takes no deliveries of its own: once started it drains
 * its store into the other receivers ({@link ReceiverDrain}) and exits 0 when nothing is left, so a Job can run it
 * on a volume that no pod uses any more (the operator does, for a receiver StatefulSet scaled down while a pod could
 * not drain on its own: killed, or out of time). It exits 1 only when it cannot drain at all (a shared store); while
 * no other receiver is ready it keeps trying, saying so in its log.
 */
@Singleton
@Requires(property = "hookgate.peers.drain-and-exit", value = "true")
public class DrainAndExit implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(DrainAndExit.class);
  /** How often the log says how far the drain got. */
  private static final Duration REPORT_EVERY = Duration.ofSeconds(30);

  private final ReceiverDrain drain;

  public DrainAndExit(ReceiverDrain drain) {
    this.drain = drain;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    Optional<String> refused = drain.start();
    if (refused.isPresent()) {
      LOG.error("Cannot drain this store: {}", refused.get());
      System.exit(1);
      return;
    }
    Thread waiting = new Thread(this::exitWhenDrained, "drain-and-exit");
    waiting.setDaemon(true);
    waiting.start();
  }

  private void exitWhenDrained() {
    try {
      while (!drain.awaitDrained(REPORT_EVERY)) {
        ReceiverDrain.Progress progress = drain.progress();
        LOG.info("Draining: moved {}, left {} pending and {} dead letters{}", progress.moved(), progress.pending(),
            progress.deadLetters(), progress.problem() == null ? "" : "; " + progress.problem());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    ReceiverDrain.Progress progress = drain.progress();
    LOG.info("Drained: {} deliveries ({} dead letters) moved and {} dedup keys copied to the other receivers;"
        + " nothing is left in this store. Exiting.", progress.moved(), progress.deadLettersMoved(),
        progress.dedupKeysCopied());
    System.exit(0);
  }
}
