package dev.hookgate.receiver.peer;

import dev.hookgate.receiver.config.StoreConfig;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * The other receivers of the same installation ({@code hookgate.peers.*}; env {@code HOOKGATE_PEERS_DNS}, ...),
 * for deduplication across receivers that each have their own embedded store. Unset (the default): this receiver
 * deduplicates alone.
 *
 * @param dns a name whose addresses are the receivers (the receivers' headless Service); re-resolved every
 *     {@code refreshInterval}
 * @param port the receivers' internal port, with {@code dns}
 * @param members instead of {@code dns}: the receivers' internal base URLs ({@code http://host:port})
 * @param self this receiver: its address among {@code dns}'s (the pod IP), or its base URL among {@code members}
 * @param timeout how long a hand-over to the owner may take before this receiver stores the delivery itself
 * @param refreshInterval how often {@code dns} is resolved again
 * @param drainOnShutdown how long this receiver may spend draining ({@link ReceiverDrain}) when it is stopped
 *     (SIGTERM), before it exits with whatever it could not move; 0 (the default): it does not drain
 * @param drainAndExit this receiver only empties its store into the others and exits ({@link DrainAndExit}): the
 *     operator's Job for a volume a scaled-down StatefulSet left behind
 */
@ConfigurationProperties("hookgate.peers")
public record PeerConfig(
    @Nullable String dns,
    @Bindable(defaultValue = "9090") int port,
    @Nullable List<String> members,
    @Nullable String self,
    @Bindable(defaultValue = "2s") Duration timeout,
    @Bindable(defaultValue = "5s") Duration refreshInterval,
    @Bindable(defaultValue = "0s") Duration drainOnShutdown,
    @Bindable(defaultValue = "false") boolean drainAndExit) {

  public PeerConfig {
    boolean byDns = byDns(dns);
    boolean listed = listed(members);
    if (byDns && listed) {
      throw new IllegalArgumentException("hookgate.peers: give dns or members, not both");
    }
    if ((byDns || listed) && (self == null || self.isBlank())) {
      throw new IllegalArgumentException("hookgate.peers.self is required with hookgate.peers.dns or .members:"
          + " this receiver's pod IP (HOOKGATE_PEERS_SELF from status.podIP) or its own base URL");
    }
    if (timeout.isNegative() || timeout.isZero() || refreshInterval.isNegative() || refreshInterval.isZero()) {
      throw new IllegalArgumentException("hookgate.peers: timeout and refresh-interval must be positive");
    }
    if (drainOnShutdown.isNegative()) {
      throw new IllegalArgumentException("hookgate.peers.drain-on-shutdown must not be negative");
    }
    if (drainAndExit && !byDns && !listed) {
      throw new IllegalArgumentException("hookgate.peers.drain-and-exit needs the other receivers"
          + " (hookgate.peers.dns or .members): they are where the deliveries go");
    }
  }

  public boolean enabled() {
    return byDns(dns) || listed(members);
  }

  /**
   * Whether dedup keys change receivers here: members from DNS (a fixed list never changes), each with an embedded
   * store of its own (receivers on PostgreSQL share one dedup table).
   */
  public boolean keysMove(String storeType) {
    return byDns(dns) && StoreConfig.EMBEDDED.equals(storeType);
  }

  /** Whether the members are a fixed list (else DNS, when enabled). */
  public boolean listed() {
    return listed(members);
  }

  private static boolean byDns(String dns) {
    return dns != null && !dns.isBlank();
  }

  private static boolean listed(List<String> members) {
    return members != null && !members.isEmpty();
  }
}
