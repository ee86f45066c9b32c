package dev.hookgate.receiver.peer;

import dev.hookgate.receiver.PeriodicTask;
import dev.hookgate.receiver.store.NewDelivery;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which receiver keeps a delivery's dedup key. Receivers with embedded stores share nothing, so a provider's retry
 * that reached another pod than the first attempt would be delivered twice. Each dedup key therefore has one owner
 * among the receivers (rendezvous hashing over their internal base URLs), and the receiver a delivery reaches hands
 * it to the owner to store. Every receiver computes the same owner from the same members.
 *
 * <p>Members come from {@code hookgate.peers.dns} (the receivers' headless Service: the ready pods, re-resolved
 * every few seconds) or from a fixed {@code hookgate.peers.members} list. Without either, every delivery is this
 * receiver's own. Eager ({@code @Context}) so a bad setting stops startup.
 */
@Context
public final class DedupOwners {

  private static final Logger LOG = LoggerFactory.getLogger(DedupOwners.class);

  private final PeerConfig config;
  private final String self;
  private final PeriodicTask resolver;
  private volatile List<String> members;

  public DedupOwners(PeerConfig config) {
    this.config = config;
    if (!config.enabled()) {
      this.self = null;
      this.members = List.of();
      this.resolver = null;
    } else if (config.listed()) {
      this.self = withoutTrailingSlash(config.self());
      this.members = config.members().stream().map(DedupOwners::withoutTrailingSlash).sorted().distinct().toList();
      this.resolver = null;
    } else {
      this.self = baseUrl(address(config.self()), config.port());
      this.members = List.of();
      resolve();
      this.resolver = new PeriodicTask("peer-resolver", "hookgate.peers.refresh-interval",
          config.refreshInterval(), this::resolve);
    }
  }

  /**
   * The internal base URL of the receiver that owns {@code delivery}'s dedup key, when that is another receiver;
   * empty when this receiver stores it (its own key, no dedup key, no peers known).
   */
  public Optional<URI> elsewhere(NewDelivery delivery) {
    List<String> known = members;
    if (delivery.dedupKey() == null || known.isEmpty()) {
      return Optional.empty();
    }
    String owner = Rendezvous.owner(known, delivery.routeSlug() + '\n' + delivery.dedupKey());
    return owner.equals(self) ? Optional.empty() : Optional.of(URI.create(owner));
  }

  /** The receivers known now, as internal base URLs (this one among them once it is ready). */
  public List<String> members() {
    return members;
  }

  /** The other receivers known now, as internal base URLs: where a draining receiver moves its deliveries. */
  public List<String> others() {
    return members.stream().filter(member -> !member.equals(self)).toList();
  }

  private void resolve() {
    List<String> resolved;
    try {
      resolved = Arrays.stream(InetAddress.getAllByName(config.dns()))
          .map(address -> baseUrl(address, config.port()))
          .sorted()
          .distinct()
          .toList();
    } catch (UnknownHostException e) {
      // A headless Service with no ready pod has no addresses: every receiver keeps its own deliveries.
      resolved = List.of();
    }
    if (!resolved.equals(members)) {
      LOG.info("Dedup peers: {} receiver(s) at {}", resolved.size(), config.dns());
      members = resolved;
    }
  }

  private static InetAddress address(String self) {
    try {
      return InetAddress.getByName(self.trim());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("hookgate.peers.self: " + self + " is not an address", e);
    }
  }

  /** The same text for the same address however it was written ({@code fd00::5} and {@code fd00:0:...:5}). */
  private static String baseUrl(InetAddress address, int port) {
    String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    return "http://" + host + ":" + port;
  }

  private static String withoutTrailingSlash(String url) {
    String trimmed = url.trim();
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }

  @PreDestroy
  void stop() {
    if (resolver != null) {
      resolver.close();
    }
  }
}
