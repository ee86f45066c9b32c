package dev.hookgate.receiver.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How long and how many delivery ids are remembered to drop duplicates ({@code hookgate.dedup.*}; env
 * {@code HOOKGATE_DEDUP_WINDOW}, {@code HOOKGATE_DEDUP_MAX_ENTRIES}).
 *
 * @param window how long a delivery id is remembered; 72 h covers Stripe's retry period
 * @param maxEntries how many ids are remembered at most; the oldest are forgotten first
 */
@ConfigurationProperties("hookgate.dedup")
public record DedupConfig(
    @Bindable(defaultValue = "72h") Duration window,
    @Bindable(defaultValue = "100000") int maxEntries) {

  public DedupConfig {
    if (window.isNegative() || window.isZero() || maxEntries <= 0) {
      throw new IllegalArgumentException("hookgate.dedup.window and .max-entries must be positive");
    }
  }
}
