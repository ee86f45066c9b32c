package dev.hookgate.receiver.store;

import dev.hookgate.receiver.config.StoreConfig;
import dev.hookgate.receiver.store.sqlite.SqliteDeliveryStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

@Factory
public class DeliveryStoreFactory {

  @Singleton
  @Bean(preDestroy = "close")
  @Requires(property = "hookgate.store.type", value = "embedded", defaultValue = "embedded")
  DeliveryStore embedded(StoreConfig config) {
    return new SqliteDeliveryStore(config.filePath(), config.maxSize(), config.dedupWindow(), config.maxBatch());
  }
}
