package dev.hookgate.receiver.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How many failed verifications one client address may cause before its requests are refused unverified
 * ({@code hookgate.rejections.*}; env {@code HOOKGATE_REJECTIONS_PER_MINUTE}, ...).
 *
 * @param perMinute rejections per minute an address earns back (the token bucket's refill rate)
 * @param burst rejections an address may cause at once (the bucket's size)
 * @param maxAddresses how many addresses are tracked at most; the least recently rejected are forgotten first
 */
@ConfigurationProperties("hookgate.rejections")
public record RejectionLimitConfig(
    @Bindable(defaultValue = "60") int perMinute,
    @Bindable(defaultValue = "20") int burst,
    @Bindable(defaultValue = "10000") int maxAddresses) {

  public RejectionLimitConfig {
    if (perMinute <= 0 || burst <= 0 || maxAddresses <= 0) {
      throw new IllegalArgumentException(
          "hookgate.rejections.per-minute, .burst and .max-addresses must be positive");
    }
  }
}
