package dev.hookgate.receiver.peer;

import dev.hookgate.receiver.PeriodicTask;
import dev.hookgate.receiver.config.StoreConfig;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.StoreUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every dedup key at its keepers (owner and backup, {@link Rendezvous#keepers}) when the set of ready
 * receivers changes. A receiver that joins (a scale-up, a pod back from a restart) becomes the owner or backup of
 * keys the others hold, and one that leaves without draining (killed, its node lost) leaves its keys with their
 * backups, which own them now but have no backup of their own. So each receiver, when the receivers change, copies
 * every key it holds (still in its window) to those of its keepers now that were not its keepers before, the way a
 * drain copies them all ({@link ReceiverDrain}). A copy that fails is tried again from where it stopped; a change
 * in the middle of a pass starts it again. Only with {@code hookgate.peers.dns} (fixed members never change) and
 * an embedded store.
 *
 * <p>{@code hookgate_receiver_dedup_keys_copied_total} counts the keys copied.
 */
@Context
public final class DedupKeyRebalance {

  private static final Logger LOG = LoggerFactory.getLogger(DedupKeyRebalance.class);
  private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  private final DedupOwners owners;
  private final ReceiverDrain drain;
  private final Counter copied;
  private final PeriodicTask checks;
  /** The receivers whose keepers have the keys here; null until the first receivers are resolved. */
  private List<String> placedFor;
  /** The receivers the pass under way places the keys for; null when there is none. */
  private List<String> placing;
  private final DedupKeyCopy keyCopy;
  private String problem;

  public DedupKeyRebalance(DeliveryStore store, DedupOwners owners, PeerHandoff handoff, ReceiverDrain drain,
      PeerConfig peers, StoreConfig storeConfig, Clock clock, MeterRegistry registry) {
    this.owners = owners;
    this.drain = drain;
    this.keyCopy = new DedupKeyCopy(store, handoff, storeConfig.dedupWindow(), clock);
    this.copied = Counter.builder("hookgate.receiver.dedup.keys.copied")
        .description("Dedup keys copied to a receiver that became their owner or backup when the receivers changed")
        .register(registry);
    this.checks = peers.keysMove(storeConfig.type())
        ? new PeriodicTask("dedup-key-rebalance", "dedup key check", CHECK_INTERVAL, this::check)
        : null;
  }

  private void check() {
    List<String> members = owners.members();
    if (members.isEmpty()) {
      return; // no receiver resolved (a DNS failure, this one not ready yet): nothing to place the keys for
    }
    if (placedFor == null) {
      placedFor = members; // the keys here are where they belong when this one starts
      return;
    }
    if (members.equals(placedFor)) {
      placing = null; // back as they were (a receiver that left came back) before the keys were placed anew
      return;
    }
    if (!members.equals(placing)) {
      LOG.info("Receivers changed from {} to {}; copying dedup keys to their new owners and backups", placedFor,
          members);
      placing = members;
      keyCopy.restart(); // new keepers: the keys are looked at again from the first
    }
    if (drain.draining()) {
      return;
    }
    try {
      copyKeys();
    } catch (StoreUnavailableException e) {
      warnOnce("the store is unavailable: " + e.getMessage());
    }
  }

  /** Copies the keys here to their new keepers; stops at the first failure, to resume next time. */
  private void copyKeys() {
    List<String> before = placedFor;
    List<String> now = placing;
    Set<String> others = new HashSet<>(owners.others());
    String trouble = keyCopy.resume(key -> {
      List<String> targets = new ArrayList<>(DedupKeyCopy.keepers(now, key));
      targets.removeAll(DedupKeyCopy.keepers(before, key));
      targets.retainAll(others);
      return targets;
    }, copied::increment);
    if (trouble != null) {
      warnOnce(trouble);
      return;
    }
    LOG.info("Dedup keys copied to their new owners and backups among {}", now);
    placedFor = now;
    placing = null;
    problem = null;
  }

  private void warnOnce(String trouble) {
    if (problem == null) {
      LOG.warn("Could not copy dedup keys to their new owners and backups ({}); trying again every {} s", trouble,
          CHECK_INTERVAL.toSeconds());
    }
    problem = trouble;
  }

  @PreDestroy
  void stop() {
    if (checks != null) {
      checks.close();
    }
  }
}
