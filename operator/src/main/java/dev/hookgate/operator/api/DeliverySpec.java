package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

public class DeliverySpec {

  public static final String DURATION_PATTERN = "^[0-9]{1,9}(ms|s|m|h)$";

  @Default("10s")
  @Pattern(DURATION_PATTERN)
  @JsonPropertyDescription("How long one forwarding attempt may take, e.g. 500ms, 10s, 1m.")
  private String timeout = "10s";

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }
}
