package dev.hookgate.receiver.guard;

import dev.hookgate.receiver.config.ReceiverConfig;
import io.micronaut.context.annotation.Context;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.List;

/**
 * Who sent a request: the TCP peer, unless the peer is one of our trusted proxies ({@code hookgate.trusted-proxies}).
 * Then {@code X-Forwarded-For} is read from the right (each proxy appends the address it was called from), skipping
 * trusted proxies, and the first address that is not one is the client. Whatever a client writes into the header
 * itself sits left of that and is never believed; a peer that is not a trusted proxy is never asked at all.
 */
@Context // eager: a bad setting stops startup instead of failing requests
public final class ClientAddressResolver {

  public static final String FORWARDED_FOR = "X-Forwarded-For";

  private final List<CidrRange> trustedProxies;

  @Inject
  public ClientAddressResolver(ReceiverConfig config) {
    this(config.trustedProxyRanges());
  }

  public ClientAddressResolver(List<CidrRange> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * @param peer the TCP peer
   * @param forwardedFor every {@code X-Forwarded-For} header value in the order received; empty when none
   */
  public InetAddress clientOf(InetAddress peer, List<String> forwardedFor) {
    InetAddress client = peer;
    if (!isTrusted(client)) {
      return client;
    }
    for (int header = forwardedFor.size() - 1; header >= 0; header--) {
      String[] hops = forwardedFor.get(header).split(",");
      for (int hop = hops.length - 1; hop >= 0; hop--) {
        if (hops[hop].isBlank()) {
          continue;
        }
        InetAddress address = CidrRange.parseLiteral(stripPort(hops[hop].trim()));
        if (address == null) {
          return client; // garbage left of a trusted hop: the last trusted hop is all we know for sure
        }
        client = address;
        if (!isTrusted(client)) {
          return client;
        }
      }
    }
    return client;
  }

  public boolean isTrusted(InetAddress address) {
    for (CidrRange range : trustedProxies) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** {@code 203.0.113.7:41234} and {@code [2001:db8::1]:443} name the address with a port; drop the port. */
  private static String stripPort(String hop) {
    if (hop.startsWith("[")) {
      int close = hop.indexOf(']');
      return close < 0 ? hop : hop.substring(0, close + 1);
    }
    int colon = hop.indexOf(':');
    return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
  }
}
