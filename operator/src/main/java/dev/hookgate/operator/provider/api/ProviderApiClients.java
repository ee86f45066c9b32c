package dev.hookgate.operator.provider.api;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link ProviderApi} per API root (gitlab.com and a self-managed GitLab, each Shopify shop, ...), kept for
 * the operator's lifetime so a resync of a thousand endpoints does not open a thousand HTTP clients.
 */
public final class ProviderApiClients implements AutoCloseable {

  private final Duration timeout;
  private final Clock clock;
  private final Map<URI, ProviderApi> clients = new ConcurrentHashMap<>();

  public ProviderApiClients(Duration timeout, Clock clock) {
    this.timeout = timeout;
    this.clock = clock;
  }

  public ProviderApi at(URI apiRoot) {
    return clients.computeIfAbsent(apiRoot, root -> new ProviderApi(root, timeout, clock));
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    clients.values().forEach(ProviderApi::close);
    clients.clear();
  }
}
