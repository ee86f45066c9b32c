package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookEndpointStatus {

  @JsonPropertyDescription("The unguessable last path segment of the URL; never changes once set.")
  private String slug;

  @JsonPropertyDescription("The URL the provider calls.")
  private String url;

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, SecretResolved, IngressReady, ReceiverConfigured and ProviderRegistered.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("What the receivers report about deliveries.")
  private Deliveries deliveries;

  @JsonPropertyDescription("The hook at the provider, for providers registered through their API.")
  private ProviderStatus provider;

  @JsonPropertyDescription("The last replay of dead letters asked for with the hookgate.dev/replay annotation.")
  private ReplayStatus replay;

  public WebhookEndpointStatus() {}

  public Optional<Condition> condition(ConditionType type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.value().equals(c.getType())).findFirst();
  }

  public String getSlug() {
    return slug;
  }

  public void setSlug(String slug) {
    this.slug = slug;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Deliveries getDeliveries() {
    return deliveries;
  }

  public void setDeliveries(Deliveries deliveries) {
    this.deliveries = deliveries;
  }

  public ProviderStatus getProvider() {
    return provider;
  }

  public void setProvider(ProviderStatus provider) {
    this.provider = provider;
  }

  public ReplayStatus getReplay() {
    return replay;
  }

  public void setReplay(ReplayStatus replay) {
    this.replay = replay;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookEndpointStatus other
        && Objects.equals(provider, other.provider)
        && Objects.equals(slug, other.slug)
        && Objects.equals(url, other.url)
        && Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(conditions, other.conditions)
        && Objects.equals(deliveries, other.deliveries)
        && Objects.equals(replay, other.replay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(slug, url, observedGeneration, conditions, deliveries, provider, replay);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Deliveries {

    @JsonPropertyDescription("When a receiver last accepted a verified delivery for this endpoint (RFC 3339).")
    private String lastEventTime;

    @JsonPropertyDescription("Deliveries stored by the receivers since their stores were created.")
    private Long received;

    @JsonPropertyDescription("Deliveries the target accepted (2xx).")
    private Long delivered;

    @JsonPropertyDescription("Deliveries stored and not yet delivered or dead-lettered.")
    private Long pending;

    @JsonPropertyDescription("Dead letters waiting for a replay (README, \"Dead letters and replay\").")
    private Long deadLettered;

    @JsonPropertyDescription("The most recent failed delivery attempt, e.g. HTTP 503, timed out.")
    private String lastError;

    public Deliveries() {}

    public Deliveries(String lastEventTime) {
      this.lastEventTime = lastEventTime;
    }

    public String getLastEventTime() {
      return lastEventTime;
    }

    public void setLastEventTime(String lastEventTime) {
      this.lastEventTime = lastEventTime;
    }

    public Long getReceived() {
      return received;
    }

    public void setReceived(Long received) {
      this.received = received;
    }

    public Long getDelivered() {
      return delivered;
    }

    public void setDelivered(Long delivered) {
      this.delivered = delivered;
    }

    public Long getPending() {
      return pending;
    }

    public void setPending(Long pending) {
      this.pending = pending;
    }

    public Long getDeadLettered() {
      return deadLettered;
    }

    public void setDeadLettered(Long deadLettered) {
      this.deadLettered = deadLettered;
    }

    public String getLastError() {
      return lastError;
    }

    public void setLastError(String lastError) {
      this.lastError = lastError;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Deliveries other
          && Objects.equals(lastEventTime, other.lastEventTime)
          && Objects.equals(received, other.received)
          && Objects.equals(delivered, other.delivered)
          && Objects.equals(pending, other.pending)
          && Objects.equals(deadLettered, other.deadLettered)
          && Objects.equals(lastError, other.lastError);
    }

    @Override
    public int hashCode() {
      return Objects.hash(lastEventTime, received, delivered, pending, deadLettered, lastError);
    }
  }
}
