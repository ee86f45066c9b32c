package dev.hookgate.receiver.store.postgres;

import dev.hookgate.receiver.config.StoreConfig;
import dev.hookgate.receiver.store.DeliveryStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** The receiver's {@link DeliveryStore} when {@code hookgate.store.type} is {@code postgresql}. */
@Factory
@Requires(property = "hookgate.store.type", value = "postgresql")
public class PostgresStoreFactory {

  @Singleton
  @Bean(preDestroy = "close")
  DeliveryStore postgresDeliveryStore(PostgresStoreConfig config, StoreConfig storeConfig) {
    return new PostgresDeliveryStore(config.settings(storeConfig.dedupWindow()));
  }
}
