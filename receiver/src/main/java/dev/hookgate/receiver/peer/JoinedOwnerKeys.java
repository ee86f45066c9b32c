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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a receiver joins (a scale-up, a pod back from a restart), the dedup keys it now owns are stored at the
 * receivers that owned them before, so a provider's retry that reaches it would be delivered again. Each receiver
 * therefore copies the keys it holds (still in their window) that a newly joined receiver owns to that receiver,
 * the way a drain copies them all when one leaves ({@link ReceiverDrain}). A copy that fails is tried again from
 * where it stopped. Only with {@code hookgate.peers.dns} (fixed members never join) and an embedded store.
 *
 * <p>{@code hookgate_receiver_dedup_keys_copied_total} counts the keys copied.
 */
@Context
public final class JoinedOwnerKeys {

  private static final Logger LOG = LoggerFactory.getLogger(JoinedOwnerKeys.class);
  private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  private final DedupOwners owners;
  private final ReceiverDrain drain;
  private final Counter copied;
  private final PeriodicTask checks;
  /** The receivers seen last time; null until the first non-empty membership (this receiver's start). */
  private List<String> known;
  /** Joined receivers whose keys are still to copy. */
  private final Set<String> joined = new HashSet<>();
  private final DedupKeyCopy keyCopy;
  private String problem;

  public JoinedOwnerKeys(DeliveryStore store, DedupOwners owners, PeerHandoff handoff, ReceiverDrain drain,
      PeerConfig peers, StoreConfig storeConfig, Clock clock, MeterRegistry registry) {
    this.owners = owners;
    this.drain = drain;
    this.keyCopy = new DedupKeyCopy(store, handoff, storeConfig.dedupWindow(), clock);
    this.copied = Counter.builder("hookgate.receiver.dedup.keys.copied")
        .description("Dedup keys copied to a receiver that joined and owns them now")
        .register(registry);
    boolean joins = peers.enabled() && !peers.listed() && StoreConfig.EMBEDDED.equals(storeConfig.type());
    this.checks = joins ? new PeriodicTask("dedup-keys-to-joined", "dedup key check", CHECK_INTERVAL, this::check)
        : null;
  }

  private void check() {
    List<String> members = owners.members();
    if (known == null) {
      known = members.isEmpty() ? null : members; // the keys here are where they belong when this one starts
      return;
    }
    Set<String> arrived = new HashSet<>(owners.others()); // this receiver's own arrival is not a join to copy to
    arrived.removeAll(known);
    known = members;
    joined.addAll(arrived);
    joined.retainAll(members);
    if (!arrived.isEmpty()) {
      keyCopy.restart(); // a new owner: the keys are looked at again from the first
      LOG.info("Receiver(s) joined: {}; copying the dedup keys they own now", arrived);
    }
    if (joined.isEmpty() || drain.draining()) {
      return;
    }
    try {
      copyKeys(members);
    } catch (StoreUnavailableException e) {
      warnOnce("the store is unavailable: " + e.getMessage());
    }
  }

  /** Copies the keys here that a joined receiver owns; stops at the first failure, to resume next time. */
  private void copyKeys(List<String> members) {
    String trouble = keyCopy.resume(members, joined::contains, copied::increment);
    if (trouble != null) {
      warnOnce(trouble);
      return;
    }
    LOG.info("Dedup keys copied to the receiver(s) that joined: {}", joined);
    joined.clear();
    problem = null;
  }

  private void warnOnce(String trouble) {
    if (problem == null) {
      LOG.warn("Could not copy dedup keys to a receiver that joined ({}); trying again every {} s", trouble,
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
