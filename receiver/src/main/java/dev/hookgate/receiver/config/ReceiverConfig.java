package dev.hookgate.receiver.config;

import dev.hookgate.receiver.guard.CidrRange;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The receiver's own settings ({@code hookgate.*}; env {@code HOOKGATE_ROUTES_FILE}, ...).
 *
 * @param routesFile the routing table: the mounted routes Secret, or a hand-written file in standalone mode
 * @param reloadInterval how often the routes file is checked for changes
 * @param maxBodyBytes the largest body accepted; also drives {@code micronaut.server.max-request-size}
 *     ({@link RequestSizeLimit})
 * @param trustedProxies CIDRs of the proxies in front of the receiver (Ingress controller, load balancer) whose
 *     {@code X-Forwarded-For} is believed; env {@code HOOKGATE_TRUSTED_PROXIES} as a comma list; empty (the
 *     default) means the TCP peer is always the client
 */
@ConfigurationProperties("hookgate")
public record ReceiverConfig(
    @Bindable(defaultValue = "/etc/hookgate/routes/routes.json.gz") String routesFile,
    @Bindable(defaultValue = "250ms") Duration reloadInterval,
    @Bindable(defaultValue = "5242880") long maxBodyBytes,
    @Nullable List<String> trustedProxies) {

  public Path routesPath() {
    return Path.of(routesFile);
  }

  /**
   * @throws IllegalArgumentException naming the setting and the entry that is not a CIDR
   */
  public List<CidrRange> trustedProxyRanges() {
    if (trustedProxies == null) {
      return List.of();
    }
    try {
      return trustedProxies.stream()
          .flatMap(entry -> Arrays.stream(entry.split(",")))
          .filter(entry -> !entry.isBlank())
          .map(CidrRange::parse)
          .toList();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("hookgate.trusted-proxies: " + e.getMessage(), null);
    }
  }
}
