package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

public class DeliverySpec {

  public static final String DURATION_PATTERN = "^[0-9]{1,9}(ms|s|m|h)$";

  @Default("10s")
  @Pattern(DURATION_PATTERN)
  @JsonPropertyDescription("How long one forwarding attempt may take, e.g. 500ms, 10s, 1m.")
  private String timeout = "10s";

  @Default("72h")
  @Pattern(DURATION_PATTERN)
  @JsonPropertyDescription("How long a delivery is retried before it becomes a dead letter (kept for replay), e.g."
      + " 72h. Counted from when it was received, or from its replay.")
  private String retryFor = "72h";

  @Default("16")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("How many deliveries may be in flight to the target at once (per receiver).")
  private Integer maxConcurrency = 16;

  public String getRetryFor() {
    return retryFor;
  }

  public void setRetryFor(String retryFor) {
    this.retryFor = retryFor;
  }

  public Integer getMaxConcurrency() {
    return maxConcurrency;
  }

  public void setMaxConcurrency(Integer maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }
}
