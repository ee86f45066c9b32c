package dev.hookgate.operator.provider.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShopifyTopicsTest {

  @Test
  void topicHeaderNamesBecomeTheEnum() {
    assertThat(ShopifyTopics.fromEvents(List.of("orders/create", "app/uninstalled", "inventory_levels/update",
        "customers/data_request", "orders/create")))
        .containsExactly("APP_UNINSTALLED", "CUSTOMERS_DATA_REQUEST", "INVENTORY_LEVELS_UPDATE", "ORDERS_CREATE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders/*", "*", "ORDERS_CREATE", "orders", "orders.create"})
  void anythingButAnExactTopicIsRefused(String event) {
    assertThatThrownBy(() -> ShopifyTopics.fromEvents(List.of(event))).hasMessageContaining(event);
  }
}
