package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The settings block of a provider that signs a timestamp with every delivery (Stripe, Slack, Zoom, Linear,
 * Standard Webhooks): how far that timestamp may be from the receiver's clock before a delivery is refused as
 * stale or replayed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TimestampedProviderBlock {

  public static final int MAX_TOLERANCE_SECONDS = 3600;

  @Min(1)
  @Max(MAX_TOLERANCE_SECONDS)
  @JsonPropertyDescription(
      "How many seconds the signed timestamp may be from the receiver's clock (1 to 3600). Absent: the"
          + " provider's own default (300 s; Linear 60 s).")
  private Integer toleranceSeconds;

  public TimestampedProviderBlock() {}

  public TimestampedProviderBlock(Integer toleranceSeconds) {
    this.toleranceSeconds = toleranceSeconds;
  }

  public Integer getToleranceSeconds() {
    return toleranceSeconds;
  }

  public void setToleranceSeconds(Integer toleranceSeconds) {
    this.toleranceSeconds = toleranceSeconds;
  }
}
