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
   * @param loadError why the latest routes file was refused, or which of its routes were left out; null when
   *     every route of the latest file is served
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
    String problems = routes.problems().isEmpty() ? null : String.join("; ", routes.problems());
    current.set(new Snapshot(routes, loadedAt, problems));
  }

  /** Keeps the table in use and records why the latest file was not loaded. */
  void refuse(String loadError) {
    current.updateAndGet(old -> new Snapshot(old.routes(), old.loadedAt(), loadError));
  }
}
