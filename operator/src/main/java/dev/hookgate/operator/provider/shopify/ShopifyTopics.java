package dev.hookgate.operator.provider.shopify;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Shopify's WebhookSubscriptionTopic values from spec.events, which name topics as the {@code X-Shopify-Topic}
 * header does: {@code orders/create} is {@code ORDERS_CREATE}, {@code app/uninstalled} is {@code APP_UNINSTALLED}.
 * Shopify subscribes one topic at a time and has no wildcard, so every entry must be an exact topic.
 */
final class ShopifyTopics {

  private static final Pattern TOPIC = Pattern.compile("^[a-z0-9_]+(/[a-z0-9_]+)+$");

  private ShopifyTopics() {}

  /**
   * @return the enum values, sorted
   * @throws IllegalArgumentException when spec.events is empty or an entry is not a topic
   */
  static List<String> fromEvents(List<String> events) {
    if (events == null || events.isEmpty()) {
      throw new IllegalArgumentException("Shopify subscribes topic by topic: list them in spec.events, e.g."
          + " [\"orders/create\", \"app/uninstalled\"]");
    }
    TreeSet<String> topics = new TreeSet<>();
    for (String event : events) {
      if (!TOPIC.matcher(event).matches()) {
        throw new IllegalArgumentException("spec.events '" + event + "' is not a Shopify topic such as orders/create"
            + " (Shopify has no wildcard subscriptions)");
      }
      topics.add(event.replace('/', '_').toUpperCase(Locale.ROOT));
    }
    return List.copyOf(topics);
  }
}
