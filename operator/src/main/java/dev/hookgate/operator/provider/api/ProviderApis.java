package dev.hookgate.operator.provider.api;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link ProviderApi} (and its connection pool) per base URL, shared by every endpoint that uses it. */
public final class ProviderApis implements AutoCloseable {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final Map<URI, ProviderApi> apis = new ConcurrentHashMap<>();
  private final Duration timeout;
  private final Clock clock;

  public ProviderApis(Duration timeout, Clock clock) {
    this.timeout = timeout;
    this.clock = clock;
  }

  public ProviderApi forBaseUrl(URI baseUrl) {
    return apis.computeIfAbsent(baseUrl, url -> new ProviderApi(url, timeout, clock));
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    apis.values().forEach(ProviderApi::close);
    apis.clear();
  }
}
