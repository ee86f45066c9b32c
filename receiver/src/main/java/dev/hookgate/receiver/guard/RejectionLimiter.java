package dev.hookgate.receiver.guard;

import dev.hookgate.receiver.config.RejectionLimitConfig;
import io.micronaut.context.annotation.Context;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a flood of forged requests cheap: every failed verification takes a token from its client address's
 * bucket, and an address whose bucket is empty is refused before any crypto until a token has grown back. Genuine
 * deliveries never take a token, so they never use up anyone's budget.
 *
 * <p>Memory is bounded: only addresses with recent rejections have a bucket (a full bucket is the same as none),
 * at most {@code maxAddresses} of them, and when that many are tracked the one rejected longest ago (whose bucket
 * has refilled the most) is forgotten. IPv6 clients are counted per /64, the block one subscriber usually gets,
 * so walking through one's own addresses does not earn a fresh budget each time.
 */
@Context // eager: a bad setting stops startup instead of failing requests
public final class RejectionLimiter {

  private static final class Bucket {
    double tokens;
    Instant updated;

    Bucket(double tokens, Instant updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }

  private final double capacity;
  private final double tokensPerSecond;
  private final int maxAddresses;
  private final LinkedHashMap<InetAddress, Bucket> buckets;

  public RejectionLimiter(RejectionLimitConfig config) {
    this.capacity = config.burst();
    this.tokensPerSecond = config.perMinute() / 60.0;
    this.maxAddresses = config.maxAddresses();
    // Access order: the eldest entry is the address rejected longest ago.
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
        return size() > RejectionLimiter.this.maxAddresses;
      }
    };
  }

  /** How long {@code client} must wait before it is heard again; empty when it may be heard now. */
  public synchronized Optional<Duration> blockedFor(InetAddress client, Instant now) {
    Bucket bucket = buckets.get(key(client));
    if (bucket == null) {
      return Optional.empty();
    }
    double tokens = refilled(bucket, now);
    if (tokens >= 1) {
      return Optional.empty();
    }
    double seconds = (1 - tokens) / tokensPerSecond;
    // The epsilon keeps floating-point noise (5.9999999 or 6.0000001 s) from adding a second.
    return Optional.of(Duration.ofSeconds(Math.max(1, (long) Math.ceil(seconds - 1e-6))));
  }

  /** Takes one token from {@code client}'s bucket: it sent something that failed verification. */
  public synchronized void rejected(InetAddress client, Instant now) {
    InetAddress key = key(client);
    Bucket bucket = buckets.get(key);
    if (bucket == null) {
      buckets.put(key, new Bucket(capacity - 1, now));
      return;
    }
    bucket.tokens = Math.max(0, refilled(bucket, now) - 1);
    bucket.updated = now;
  }

  /** How many addresses have a bucket now; never more than {@code maxAddresses}. */
  public synchronized int trackedAddresses() {
    return buckets.size();
  }

  private double refilled(Bucket bucket, Instant now) {
    double elapsed = Math.max(0, Duration.between(bucket.updated, now).toNanos() / 1e9);
    return Math.min(capacity, bucket.tokens + elapsed * tokensPerSecond);
  }

  private static InetAddress key(InetAddress client) {
    if (client instanceof Inet6Address) {
      byte[] prefix = Arrays.copyOf(client.getAddress(), 16);
      Arrays.fill(prefix, 8, 16, (byte) 0);
      try {
        return InetAddress.getByAddress(prefix);
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e); // 16 bytes is always a valid length
      }
    }
    return client;
  }
}
