package dev.hookgate.receiver.route;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The routing table in use now. Swapped as a whole, so every request sees one complete table, old or new.
 */
@Singleton
public final class LiveRoutes {

  /**
   * @param loadedAt when {@code routes} was loaded; null before the first load
   * @param loadError why the latest routes file was refused; null when it was loaded
   */
  public record Snapshot(CompiledRoutes routes, Instant loadedAt, String loadError) {}

  private final AtomicReference<Snapshot> current =
      new AtomicReference<>(new Snapshot(CompiledRoutes.empty(), null, null));

  public Snapshot snapshot() {
    return current.get();
  }

  public CompiledRoutes routes() {
    return current.get().routes();
  }

  void publish(CompiledRoutes routes, Instant loadedAt) {
    current.set(new Snapshot(routes, loadedAt, null));
  }

  /** Keeps the table in use and records why the latest file was not loaded. */
  void refuse(String loadError) {
    current.updateAndGet(old -> new Snapshot(old.routes(), old.loadedAt(), loadError));
  }
}
