package dev.hookgate.receiver.store.sqlite;

import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.DeliveryStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteDeliveryStoreTest extends DeliveryStoreContract {

  private static final long UNBOUNDED = Long.MAX_VALUE;

  @TempDir
  Path dir;

  @Override
  protected DeliveryStore newStore() {
    return new SqliteDeliveryStore(dir.resolve("deliveries.db"), UNBOUNDED, DEDUP_WINDOW, 256);
  }

  @Override
  protected DeliveryStore reopen(DeliveryStore store) {
    store.close();
    return newStore();
  }
}
