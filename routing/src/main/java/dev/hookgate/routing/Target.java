package dev.hookgate.routing;

import java.net.URI;
import java.util.Objects;

/**
 * Where verified deliveries go.
 *
 * @param url absolute URL of the target (in a cluster: the target Service's DNS name, port and path)
 * @param timeoutMillis how long one forwarding attempt may take
 */
public record Target(URI url, long timeoutMillis) {

  public static final long DEFAULT_TIMEOUT_MILLIS = 10_000;

  public Target {
    Objects.requireNonNull(url, "url");
    if (!url.isAbsolute()) {
      throw new IllegalArgumentException("target url must be absolute: " + url);
    }
    if (timeoutMillis <= 0) {
      timeoutMillis = DEFAULT_TIMEOUT_MILLIS;
    }
  }
}
