package dev.hookgate.receiver.testing;

import dev.hookgate.routing.RoutingJson;
import dev.hookgate.routing.RoutingTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a routes file the way kubelet updates a Secret volume: each version goes into a new timestamped
 * directory, then a new {@code ..data} symlink is renamed over the old one (atomic), and the old directory is
 * removed. {@code routes.json.gz} is a symlink to {@code ..data/routes.json.gz}.
 */
public final class KubeletStyleRoutesDir {

  private final Path dir;
  private int version;
  private Path current;

  public KubeletStyleRoutesDir(Path dir) {
    this.dir = dir;
  }

  /** What the receiver is configured to read. */
  public Path routesFile() {
    return dir.resolve(RoutingTable.SECRET_KEY);
  }

  public void write(RoutingTable table) throws IOException {
    writeBytes(RoutingJson.writeTable(table));
  }

  public void writeBytes(byte[] content) throws IOException {
    Path next = dir.resolve("..2026_01_01_00_00_00." + (++version));
    Files.createDirectory(next);
    Files.write(next.resolve(RoutingTable.SECRET_KEY), content);
    Path tmpLink = dir.resolve("..data_tmp");
    Files.createSymbolicLink(tmpLink, next.getFileName());
    Files.move(tmpLink, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    if (Files.notExists(routesFile(), LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(routesFile(), Path.of("..data", RoutingTable.SECRET_KEY));
    }
    if (current != null) {
      deleteRecursively(current);
    }
    current = next;
  }

  private static void deleteRecursively(Path path) throws IOException {
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    }
  }
}
