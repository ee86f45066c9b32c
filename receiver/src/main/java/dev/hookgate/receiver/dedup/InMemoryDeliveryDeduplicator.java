package dev.hookgate.receiver.dedup;

import dev.hookgate.receiver.config.DedupConfig;
import io.micronaut.context.annotation.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Delivery keys in memory, in the order they were first seen: each is remembered for {@code window} after it was
 * seen, and at most {@code maxEntries} are kept (the oldest are forgotten first, so memory stays bounded whatever
 * the traffic). Keys longer than {@value #MAX_KEY_CHARS} characters are kept as their SHA-256.
 */
@Context // eager: a bad setting stops startup instead of failing requests
public final class InMemoryDeliveryDeduplicator implements DeliveryDeduplicator {

  static final int MAX_KEY_CHARS = 128;

  private record Key(String routeSlug, String dedupKey) {}

  private static final class Entry {
    final Instant seenAt;
    boolean handedOn;

    Entry(Instant seenAt) {
      this.seenAt = seenAt;
    }
  }

  private final Duration window;
  private final int maxEntries;
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();

  public InMemoryDeliveryDeduplicator(DedupConfig config) {
    this.window = config.window();
    this.maxEntries = config.maxEntries();
  }

  @Override
  public synchronized Sighting sight(String routeSlug, String dedupKey, Instant now) {
    forgetExpired(now);
    Key key = key(routeSlug, dedupKey);
    Entry entry = entries.get(key);
    if (entry != null) {
      return entry.handedOn ? Sighting.DUPLICATE : Sighting.IN_PROGRESS;
    }
    entries.put(key, new Entry(now));
    Iterator<Entry> oldest = entries.values().iterator();
    while (entries.size() > maxEntries) {
      oldest.next();
      oldest.remove();
    }
    return Sighting.FIRST;
  }

  @Override
  public synchronized void handedOn(String routeSlug, String dedupKey, Instant now) {
    Entry entry = entries.get(key(routeSlug, dedupKey));
    if (entry != null) {
      entry.handedOn = true;
    }
  }

  @Override
  public synchronized void forget(String routeSlug, String dedupKey) {
    entries.remove(key(routeSlug, dedupKey));
  }

  /** How many keys are remembered now; never more than {@code maxEntries}. */
  public synchronized int size() {
    return entries.size();
  }

  /** Entries are in insertion order, so the expired ones are at the head. */
  private void forgetExpired(Instant now) {
    Instant oldestKept = now.minus(window);
    Iterator<Map.Entry<Key, Entry>> oldest = entries.entrySet().iterator();
    while (oldest.hasNext()) {
      if (oldest.next().getValue().seenAt.isAfter(oldestKept)) {
        return;
      }
      oldest.remove();
    }
  }

  private static Key key(String routeSlug, String dedupKey) {
    return new Key(routeSlug, dedupKey.length() <= MAX_KEY_CHARS ? dedupKey : sha256(dedupKey));
  }

  private static String sha256(String text) {
    try {
      return "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
