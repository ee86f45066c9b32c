package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * What the operator last did at the provider for an endpoint registered through an API: the hook, when it was
 * last found matching, and what the last attempt used, so the provider is called again only when that changed,
 * the drift resync is due, or a failed attempt may be retried.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProviderStatus {

  @JsonPropertyDescription("The provider's id of the hook (GitHub hook id, Stripe webhook endpoint id, ...).")
  private String hookId;

  @JsonPropertyDescription("The URL the hook was last registered with.")
  private String registeredUrl;

  @JsonPropertyDescription("When the hook was last found matching the endpoint (RFC 3339).")
  private String lastSyncTime;

  @JsonPropertyDescription("The resourceVersion of the signing Secret the last successful sync pushed.")
  private String signingSecretVersion;

  @JsonPropertyDescription(
      "A digest of what the last attempt used (generation, URL, Secret resourceVersions): the provider is called"
          + " again when it changes, at the drift resync, or when a failed attempt may be retried.")
  private String syncedInputs;

  @JsonPropertyDescription("Failed attempts in a row (for the backoff).")
  private Integer failures;

  @JsonPropertyDescription("When the provider is called again after a failure (RFC 3339); absent: on change.")
  private String nextAttemptTime;

  public ProviderStatus() {}

  public ProviderStatus(ProviderStatus other) {
    hookId = other.hookId;
    registeredUrl = other.registeredUrl;
    lastSyncTime = other.lastSyncTime;
    signingSecretVersion = other.signingSecretVersion;
    syncedInputs = other.syncedInputs;
    failures = other.failures;
    nextAttemptTime = other.nextAttemptTime;
  }

  public String getHookId() {
    return hookId;
  }

  public void setHookId(String hookId) {
    this.hookId = hookId;
  }

  public String getRegisteredUrl() {
    return registeredUrl;
  }

  public void setRegisteredUrl(String registeredUrl) {
    this.registeredUrl = registeredUrl;
  }

  public String getLastSyncTime() {
    return lastSyncTime;
  }

  public void setLastSyncTime(String lastSyncTime) {
    this.lastSyncTime = lastSyncTime;
  }

  public String getSigningSecretVersion() {
    return signingSecretVersion;
  }

  public void setSigningSecretVersion(String signingSecretVersion) {
    this.signingSecretVersion = signingSecretVersion;
  }

  public String getSyncedInputs() {
    return syncedInputs;
  }

  public void setSyncedInputs(String syncedInputs) {
    this.syncedInputs = syncedInputs;
  }

  public Integer getFailures() {
    return failures;
  }

  public void setFailures(Integer failures) {
    this.failures = failures;
  }

  public String getNextAttemptTime() {
    return nextAttemptTime;
  }

  public void setNextAttemptTime(String nextAttemptTime) {
    this.nextAttemptTime = nextAttemptTime;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProviderStatus other
        && Objects.equals(hookId, other.hookId)
        && Objects.equals(registeredUrl, other.registeredUrl)
        && Objects.equals(lastSyncTime, other.lastSyncTime)
        && Objects.equals(signingSecretVersion, other.signingSecretVersion)
        && Objects.equals(syncedInputs, other.syncedInputs)
        && Objects.equals(failures, other.failures)
        && Objects.equals(nextAttemptTime, other.nextAttemptTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(hookId, registeredUrl, lastSyncTime, signingSecretVersion, syncedInputs, failures,
        nextAttemptTime);
  }
}
