package dev.hookgate.receiver.store.postgres;

import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.DeliveryStoreContract;
import dev.hookgate.receiver.testing.PostgresServer;

class PostgresDeliveryStoreTest extends DeliveryStoreContract {

  private String database;

  @Override
  protected DeliveryStore newStore() {
    database = PostgresServer.get().createDatabase();
    return open();
  }

  @Override
  protected DeliveryStore reopen(DeliveryStore store) {
    store.close();
    return open();
  }

  private DeliveryStore open() {
    PostgresServer server = PostgresServer.get();
    return new PostgresDeliveryStore(
        PostgresStoreSettings.of(database, server.user(), server.password(), DEDUP_WINDOW));
  }
}
