package dev.hookgate.receiver.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.DeliveryStoreContract;
import dev.hookgate.receiver.store.NewDelivery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
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

  /** The file is this receiver's alone: its deliveries count on their own, not as one store shared with others. */
  @Test
  void theEmbeddedStoreIsNotShared() {
    assertThat(store.sharedId()).isEmpty();
  }

  /** One process per file: what an earlier process leased (it crashed before sending) is due again at once. */
  @Test
  void deliveriesLeasedByAnEarlierProcessAreDueAtOnceAfterReopening() {
    Instant now = Instant.now();
    Duration lease = Duration.ofMinutes(5);
    NewDelivery delivery = new NewDelivery("slug-a", "shop/a", "github", "push", "d-1", "d-1", now, Map.of(),
        new byte[] {1});
    store.admit(delivery, new DeliveryStore.Lease("crashed-process", now.plus(lease))).join();
    assertThat(store.claim("me", 10, now, lease)).isEmpty();

    store = reopen(store);

    assertThat(store.claim("me", 10, Instant.now(), lease)).extracting(stored -> stored.delivery().dedupKey())
        .containsExactly("d-1");
  }
}
