package dev.hookgate.receiver.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The receiver's own settings ({@code hookgate.*}; env {@code HOOKGATE_ROUTES_FILE}, ...).
 *
 * @param routesFile the routing table: the mounted routes Secret, or a hand-written file in standalone mode
 * @param reloadInterval how often the routes file is checked for changes
 * @param maxBodyBytes the largest body accepted; also drives {@code micronaut.server.max-request-size}
 */
@ConfigurationProperties("hookgate")
public record ReceiverConfig(
    @Bindable(defaultValue = "/etc/hookgate/routes/routes.json") String routesFile,
    @Bindable(defaultValue = "1s") Duration reloadInterval,
    @Bindable(defaultValue = "5242880") long maxBodyBytes) {

  public Path routesPath() {
    return Path.of(routesFile);
  }
}
