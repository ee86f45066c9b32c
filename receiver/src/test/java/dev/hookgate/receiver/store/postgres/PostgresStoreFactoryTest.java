package dev.hookgate.receiver.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.DeliveryStore.Admission;
import dev.hookgate.receiver.testing.PostgresServer;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code hookgate.store.type=postgresql} gives the receiver a working PostgreSQL store, password from a file. */
class PostgresStoreFactoryTest {

  @Test
  void thePostgresqlStoreTypeWithAPasswordFileGivesAWorkingPostgresStore() {
    PostgresServer server = PostgresServer.get();
    Map<String, Object> properties = Map.of(
        "hookgate.store.type", "postgresql",
        "hookgate.store.postgresql.url", server.createDatabase(),
        "hookgate.store.postgresql.user", server.user(),
        "hookgate.store.postgresql.password-file", server.passwordFile().toString());
    try (ApplicationContext context = ApplicationContext.run(properties)) {
      DeliveryStore store = context.getBean(DeliveryStore.class);

      assertThat(store).isInstanceOf(PostgresDeliveryStore.class);
      assertThat(store.admit(PostgresReplicasTest.delivery("k1")).join()).isInstanceOf(Admission.Stored.class);
      assertThat(context.getBean(PostgresStoreConfig.class).toString()).doesNotContain(server.password());
    }
  }
}
