package dev.hookgate.receiver.peer;

import dev.hookgate.receiver.CompletionFailures;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.DeliveryStore.DedupKey;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.function.LongConsumer;
import java.util.function.Function;

/**
 * One pass over this receiver's dedup keys still in their window, page by page in key order, copying each key to
 * the receivers the caller names for it (among its keepers: owner and backup, {@link Rendezvous#keepers}). A pass
 * that fails resumes where it stopped. Used by a drain (every key, to its keepers among the others) and when the
 * receivers change (a key's keepers that did not keep it before).
 */
final class DedupKeyCopy {

  /** How many dedup keys are read, and at most sent, at once. */
  static final int PAGE = 1000;

  private final DeliveryStore store;
  private final PeerHandoff handoff;
  private final Duration dedupWindow;
  private final Clock clock;
  /** The last key of the last page copied; null: the pass starts at the first key. */
  private DedupKey copiedUpTo;

  DedupKeyCopy(DeliveryStore store, PeerHandoff handoff, Duration dedupWindow, Clock clock) {
    this.store = store;
    this.handoff = handoff;
    this.dedupWindow = dedupWindow;
    this.clock = clock;
  }

  /** The members that keep {@code key}: its owner and backup among them. */
  static List<String> keepers(List<String> members, DedupKey key) {
    return Rendezvous.keepers(members, key.slug() + '\n' + key.key());
  }

  /** The next {@link #resume} starts again from the first key. */
  void restart() {
    copiedUpTo = null;
  }

  /**
   * Copies from where the last call stopped to the last key; returns null once every key was looked at (and the
   * next call starts a new pass), or why it stopped. {@code copied} hears how many keys each copy took.
   *
   * @param targets the receivers a key is copied to (none: it stays here only)
   */
  String resume(Function<DedupKey, Collection<String>> targets, LongConsumer copied) {
    Instant seenSince = clock.instant().minus(dedupWindow);
    while (true) {
      List<DedupKey> page = store.dedupKeys(copiedUpTo, seenSince, PAGE);
      if (page.isEmpty()) {
        copiedUpTo = null;
        return null;
      }
      Map<String, List<DedupKey>> byTarget = new TreeMap<>();
      for (DedupKey key : page) {
        for (String target : targets.apply(key)) {
          byTarget.computeIfAbsent(target, each -> new ArrayList<>()).add(key);
        }
      }
      for (Map.Entry<String, List<DedupKey>> keys : byTarget.entrySet()) {
        try {
          handoff.copyKeys(URI.create(keys.getKey()), keys.getValue()).join();
        } catch (CompletionException | PeerHandoff.MoveFailed e) {
          return "could not copy dedup keys: " + CompletionFailures.cause(e).getMessage(); // this page next time
        }
        copied.accept(keys.getValue().size());
      }
      copiedUpTo = page.get(page.size() - 1);
    }
  }
}
