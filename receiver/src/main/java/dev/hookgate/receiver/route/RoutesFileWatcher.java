package dev.hookgate.receiver.route;

import dev.hookgate.receiver.PeriodicTask;
import dev.hookgate.receiver.config.ReceiverConfig;
import dev.hookgate.receiver.verify.ProviderVerifiers;
import dev.hookgate.routing.RoutingJson;
import dev.hookgate.routing.RoutingTable;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the routes file and publishes each new version to {@link LiveRoutes}.
 *
 * <p>The file is usually a Secret volume: {@code routes.json.gz -> ..data/routes.json.gz}, where kubelet swaps the
 * {@code ..data} symlink to a new timestamped directory atomically. A change shows as a new real path, size or
 * mtime. A file that cannot be parsed leaves the previous table in use. Eager ({@code @Context}) so the first
 * load happens before the server accepts requests.
 *
 * <p>It polls on a thread of its own ({@link PeriodicTask}), stopped when the application context closes.
 */
@Context
public class RoutesFileWatcher {

  private static final Logger LOG = LoggerFactory.getLogger(RoutesFileWatcher.class);

  /** What identifies one version of the file without reading it. */
  private record Stamp(Path realPath, long size, FileTime modified) {}

  private static final Stamp MISSING = new Stamp(null, -1, null);

  private final Path file;
  private final LiveRoutes live;
  private final ProviderVerifiers verifiers;
  private final Clock clock;
  private final PeriodicTask poller;
  private Stamp lastSeen;
  private String lastWarning;

  public RoutesFileWatcher(ReceiverConfig config, LiveRoutes live, ProviderVerifiers verifiers, Clock clock) {
    this.file = config.routesPath();
    this.live = live;
    this.verifiers = verifiers;
    this.clock = clock;
    poll();
    this.poller = new PeriodicTask("routes-file-watcher", "hookgate.reload-interval", config.reloadInterval(),
        this::poll);
  }

  /** Stops polling; a poll under way finishes first. */
  @PreDestroy
  public void stop() {
    poller.close();
  }

  private synchronized void poll() {
    Stamp before;
    try {
      before = stamp();
    } catch (IOException e) {
      readFailed(e);
      return;
    }
    if (before.equals(lastSeen)) {
      return;
    }
    if (before == MISSING) {
      lastSeen = MISSING;
      live.publish(CompiledRoutes.empty(), clock.instant());
      LOG.warn("Routes file {} does not exist: serving no routes until it does", file);
      return;
    }
    try {
      byte[] json = Files.readAllBytes(file);
      if (!before.equals(stamp())) {
        return; // swapped while we read it: the next poll reads the newer version
      }
      lastSeen = before;
      RoutingTable table = RoutingJson.readTable(json);
      CompiledRoutes routes = CompiledRoutes.compile(table, verifiers, live.routes());
      live.publish(routes, clock.instant());
      lastWarning = null;
      LOG.info("Loaded {} route(s) from {}", routes.all().size(), file);
      routes.problems().forEach(problem -> LOG.warn("{}", problem));
    } catch (IllegalArgumentException e) {
      // Messages from RoutingJson and CompiledRoutes never carry secret values.
      failed("routes file " + file + " refused, previous routes stay in use: " + e.getMessage());
    } catch (IOException e) {
      readFailed(e);
    }
  }

  private void readFailed(IOException e) {
    lastSeen = null; // so the next successful poll loads the file again, and clears the error
    failed("cannot read routes file " + file + " (" + e.getClass().getSimpleName() + ")");
  }

  private void failed(String message) {
    live.refuse(message);
    if (!Objects.equals(message, lastWarning)) {
      LOG.warn(message);
      lastWarning = message;
    }
  }

  /**
   * The file's current stamp, or {@link #MISSING} when there is no such file. A symlink that exists but points
   * nowhere is a swap caught half-way (or a broken mount): reported as an I/O error, so nothing changes.
   */
  private Stamp stamp() throws IOException {
    try {
      Path real = file.toRealPath();
      BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
      return new Stamp(real, attributes.size(), attributes.lastModifiedTime());
    } catch (NoSuchFileException e) {
      if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
        return MISSING;
      }
      throw e;
    }
  }
}
