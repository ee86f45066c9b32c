package dev.hookgate.receiver.peer;

import dev.hookgate.receiver.CompletionFailures;
import dev.hookgate.receiver.PeriodicTask;
import dev.hookgate.receiver.config.StoreConfig;
import dev.hookgate.receiver.store.CommittedDedupKeys;
import dev.hookgate.receiver.store.DeliveryStore.DedupKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the dedup key of each delivery this receiver stores to the key's backup, the receiver that owns it once
 * this one is gone ({@link Rendezvous#keepers}). A receiver killed without draining (SIGKILL, a lost node) takes no
 * keys with it then: its keys' new owners have them, and a provider's retry of an event it had stored is answered
 * "duplicate" by them instead of being delivered again. The keys are sent in batches, every
 * {@value #FLUSH_MILLIS} ms, after the 2xx (a key committed and lost with its receiver in the meantime is the
 * window left). Keys whose backup does not answer are sent again; past {@value #MAX_WAITING} waiting keys the oldest
 * are dropped ({@code hookgate_receiver_dedup_key_backups_dropped_total}), which costs deduplication, never a
 * delivery (once a backup that does not answer leaves the receivers, {@link DedupKeyRebalance} copies every key
 * here to its new keepers anyway). Only with {@code hookgate.peers.dns} and an embedded store (PostgreSQL receivers
 * share one table; fixed members never change owners).
 */
@Singleton
public final class DedupKeyBackups implements CommittedDedupKeys {

  private static final Logger LOG = LoggerFactory.getLogger(DedupKeyBackups.class);
  /** Per queue (new keys; keys not taken yet): about 3 MiB of heap each when full. */
  static final int MAX_WAITING = 20_000;
  static final long FLUSH_MILLIS = 100;

  private final DedupOwners owners;
  private final PeerHandoff handoff;
  private final ReceiverDrain drain;
  private final ConcurrentLinkedQueue<DedupKey> committed = new ConcurrentLinkedQueue<>();
  /** How many keys {@link #committed} holds. */
  private final AtomicInteger waiting = new AtomicInteger();
  /** Keys taken from {@link #committed} that a keeper did not take yet, oldest first (flush thread only). */
  private final Deque<DedupKey> unsent = new ArrayDeque<>();
  private volatile int unsentCount;
  private final Counter copied;
  private final Counter dropped;
  private final PeriodicTask flushes;
  private String problem;

  public DedupKeyBackups(DedupOwners owners, PeerHandoff handoff, ReceiverDrain drain, PeerConfig peers,
      StoreConfig storeConfig, MeterRegistry registry) {
    this.owners = owners;
    this.handoff = handoff;
    this.drain = drain;
    this.copied = Counter.builder("hookgate.receiver.dedup.key.backups")
        .description("Dedup keys of stored deliveries copied to their backup receiver")
        .register(registry);
    this.dropped = Counter.builder("hookgate.receiver.dedup.key.backups.dropped")
        .description("Dedup keys not copied to their backup because too many were waiting")
        .register(registry);
    Gauge.builder("hookgate.receiver.dedup.key.backups.waiting", this, backups -> backups.waiting.get()
            + backups.unsentCount)
        .description("Dedup keys of stored deliveries waiting to be copied to their backup receiver")
        .register(registry);
    this.flushes = peers.keysMove(storeConfig.type())
        ? new PeriodicTask("dedup-key-backups", "dedup key backups", Duration.ofMillis(FLUSH_MILLIS), this::flush)
        : null;
  }

  @Override
  public void committed(DedupKey key) {
    if (flushes == null) {
      return;
    }
    if (waiting.incrementAndGet() > MAX_WAITING) {
      waiting.decrementAndGet();
      dropped.increment();
      return;
    }
    committed.add(key);
  }

  private void flush() {
    for (DedupKey key = committed.poll(); key != null; key = committed.poll()) {
      waiting.decrementAndGet();
      unsent.addLast(key);
    }
    unsentCount = unsent.size();
    if (unsent.isEmpty() || drain.draining()) {
      return; // a drain copies every key here to its keepers among the others
    }
    List<String> members = owners.members();
    Set<String> others = new HashSet<>(owners.others());
    Map<String, List<DedupKey>> byKeeper = new TreeMap<>();
    for (DedupKey key : unsent) {
      for (String keeper : DedupKeyCopy.keepers(members, key)) {
        if (others.contains(keeper)) {
          byKeeper.computeIfAbsent(keeper, each -> new ArrayList<>()).add(key);
        }
      }
    }
    Set<DedupKey> notTaken = new HashSet<>();
    String trouble = null;
    for (Map.Entry<String, List<DedupKey>> keys : byKeeper.entrySet()) {
      List<DedupKey> all = keys.getValue();
      for (int from = 0; from < all.size(); from += DedupKeyCopy.PAGE) {
        List<DedupKey> page = all.subList(from, Math.min(from + DedupKeyCopy.PAGE, all.size()));
        try {
          handoff.copyKeys(URI.create(keys.getKey()), page).join();
          copied.increment(page.size());
        } catch (CompletionException | PeerHandoff.MoveFailed e) {
          notTaken.addAll(all.subList(from, all.size())); // the rest waits too: no timeout per page
          trouble = CompletionFailures.cause(e).getMessage();
          break;
        }
      }
    }
    unsent.removeIf(key -> !notTaken.contains(key));
    while (unsent.size() > MAX_WAITING) {
      unsent.removeFirst();
      dropped.increment();
    }
    unsentCount = unsent.size();
    report(trouble);
  }

  private void report(String trouble) {
    if (trouble != null && problem == null) {
      LOG.warn("Could not copy dedup keys to their backup receiver ({}); trying again every {} ms", trouble,
          FLUSH_MILLIS);
    } else if (trouble == null && problem != null) {
      LOG.info("Dedup keys are copied to their backup receivers again");
    }
    problem = trouble;
  }

  @PreDestroy
  void stop() {
    if (flushes != null) {
      flushes.close();
    }
  }
}
