package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The last replay asked for with the {@value WebhookEndpoint#REPLAY} annotation, and how it went. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplayStatus {

  @JsonPropertyDescription("The hookgate.dev/replay value this is about; set a new value to replay again.")
  private String requested;

  @JsonPropertyDescription("The hookgate.dev/replay-since value it came with; absent: every dead letter.")
  private String since;

  @JsonPropertyDescription("Dead letters put back into the queue, summed over the receivers that answered.")
  private Long replayed;

  @JsonPropertyDescription("How many receivers answered.")
  private Integer receivers;

  @JsonPropertyDescription("When the replay was done (RFC 3339); absent while it is still being retried.")
  private String time;

  @JsonPropertyDescription("What went wrong: an unreadable hookgate.dev/replay-since, receivers that did not answer.")
  private String message;

  public ReplayStatus() {}

  public ReplayStatus(String requested, String since) {
    this.requested = requested;
    this.since = since;
  }

  public String getRequested() {
    return requested;
  }

  public void setRequested(String requested) {
    this.requested = requested;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  public Long getReplayed() {
    return replayed;
  }

  public void setReplayed(Long replayed) {
    this.replayed = replayed;
  }

  public Integer getReceivers() {
    return receivers;
  }

  public void setReceivers(Integer receivers) {
    this.receivers = receivers;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReplayStatus other
        && Objects.equals(requested, other.requested)
        && Objects.equals(since, other.since)
        && Objects.equals(replayed, other.replayed)
        && Objects.equals(receivers, other.receivers)
        && Objects.equals(time, other.time)
        && Objects.equals(message, other.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requested, since, replayed, receivers, time, message);
  }
}
