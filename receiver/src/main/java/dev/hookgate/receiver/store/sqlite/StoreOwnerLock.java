package dev.hookgate.receiver.store.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one process allowed to write a store file: an exclusive lock on a file beside it ({@code <store>-owner}),
 * which says who holds it. SQLite keeps two writers from corrupting the file, but not two receivers from each
 * dispatching and pruning the same queue: a pod scaled up again while the operator's drain Job still works on its
 * volume, or one volume mounted by two pods. The lock is the kernel's ({@code fcntl}), so it goes with the process,
 * however that ends, and holds across pods that mount the same volume on one node.
 */
final class StoreOwnerLock implements AutoCloseable {

  /** Another process holds the lock; {@code holder} is what it wrote about itself. */
  static final class HeldElsewhere extends Exception {

    private final String holder;

    HeldElsewhere(String holder) {
      super(holder);
      this.holder = holder;
    }

    String holder() {
      return holder;
    }
  }

  /**
   * The lock files this process holds. A second channel on one of them must not even be opened: closing any channel
   * on a file drops all of the process's {@code fcntl} locks on it.
   */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;
  private final Object fileKey;

  private StoreOwnerLock(Path path, FileChannel channel, FileLock lock, Object fileKey) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
    this.fileKey = fileKey;
  }

  /** The lock file of the store file {@code store}. */
  static Path pathFor(Path store) {
    return Path.of(store + "-owner");
  }

  /**
   * Takes the lock at once, or says who has it.
   *
   * @param self written into the lock file for whoever finds it taken (host and process, when)
   */
  static StoreOwnerLock acquire(Path path, String self) throws HeldElsewhere, IOException {
    Path absolute = path.toAbsolutePath().normalize();
    if (!HELD_HERE.add(absolute)) {
      throw new HeldElsewhere("another store of this same process, " + ProcessHandle.current().pid());
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(absolute, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new HeldElsewhere(describedHolder(channel));
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(self.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new StoreOwnerLock(absolute, channel, lock, fileKey(absolute));
    } catch (HeldElsewhere | IOException | RuntimeException e) {
      HELD_HERE.remove(absolute);
      if (channel != null) {
        channel.close();
      }
      throw e;
    }
  }

  /** Who this process is, for the lock file: the pod's name in Kubernetes. */
  static String describeThisProcess() {
    String host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "an unnamed host");
    return host + ", process " + ProcessHandle.current().pid() + ", since " + Instant.now();
  }

  private static String describedHolder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(512);
    channel.read(buffer, 0);
    String holder = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    return holder.isEmpty() ? "a process that has not said who it is" : holder;
  }

  /** Still held, on the file that is at the path now (a volume wiped under us would let another process in). */
  boolean stillHeld() {
    return lock.isValid() && Objects.equals(fileKey, fileKey(path));
  }

  private static Object fileKey(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    try {
      channel.close(); // releases the lock
    } catch (IOException e) {
      // nothing to do: the process's end releases it anyway
    } finally {
      HELD_HERE.remove(path);
    }
  }
}
