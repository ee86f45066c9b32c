package dev.hookgate.operator.provider.stripe;

import java.util.List;
import java.util.TreeSet;

/**
 * Stripe's enabled_events from spec.events. Stripe takes exact event types or {@code *} alone, not globs such as
 * {@code invoice.*}: a glob subscribes to every event ({@code *}) and the receiver's spec.events filter drops the
 * rest. No spec.events is every event too.
 */
final class StripeEvents {

  static final String ALL = "*";

  private StripeEvents() {}

  static List<String> enabledEvents(List<String> events) {
    if (events == null || events.isEmpty() || events.stream().anyMatch(event -> event.contains("*"))) {
      return List.of(ALL);
    }
    return List.copyOf(new TreeSet<>(events));
  }
}
