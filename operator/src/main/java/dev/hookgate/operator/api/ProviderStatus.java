package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * What the operator last did at the provider for an endpoint registered through an API. The versions record
 * which inputs the last successful sync used, so the provider is called again only when one of them changed, the
 * drift resync is due, or a failed attempt may be retried.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProviderStatus {

  @JsonPropertyDescription("The provider's id of the hook (GitHub hook id, Stripe webhook endpoint id, ...).")
  private String hookId;

  @JsonPropertyDescription("The URL the hook was last registered with.")
  private String registeredUrl;

  @JsonPropertyDescription("When the hook was last found matching the endpoint (RFC 3339).")
  private String lastSyncTime;

  @JsonPropertyDescription("The metadata.generation the last successful sync used.")
  private Long syncedGeneration;

  @JsonPropertyDescription("The resourceVersion of the signing Secret the last successful sync pushed.")
  private String signingSecretVersion;

  @JsonPropertyDescription("The resourceVersion of the credentials Secret the last attempt used.")
  private String credentialsVersion;

  @JsonPropertyDescription("Failed attempts in a row (for the backoff).")
  private Integer failures;

  @JsonPropertyDescription("When the provider is called again after a failure (RFC 3339); absent: on change.")
  private String nextAttemptTime;

  public ProviderStatus() {}

  public ProviderStatus(ProviderStatus other) {
    hookId = other.hookId;
    registeredUrl = other.registeredUrl;
    lastSyncTime = other.lastSyncTime;
    syncedGeneration = other.syncedGeneration;
    signingSecretVersion = other.signingSecretVersion;
    credentialsVersion = other.credentialsVersion;
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

  public Long getSyncedGeneration() {
    return syncedGeneration;
  }

  public void setSyncedGeneration(Long syncedGeneration) {
    this.syncedGeneration = syncedGeneration;
  }

  public String getSigningSecretVersion() {
    return signingSecretVersion;
  }

  public void setSigningSecretVersion(String signingSecretVersion) {
    this.signingSecretVersion = signingSecretVersion;
  }

  public String getCredentialsVersion() {
    return credentialsVersion;
  }

  public void setCredentialsVersion(String credentialsVersion) {
    this.credentialsVersion = credentialsVersion;
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
        && Objects.equals(syncedGeneration, other.syncedGeneration)
        && Objects.equals(signingSecretVersion, other.signingSecretVersion)
        && Objects.equals(credentialsVersion, other.credentialsVersion)
        && Objects.equals(failures, other.failures)
        && Objects.equals(nextAttemptTime, other.nextAttemptTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(hookId, registeredUrl, lastSyncTime, syncedGeneration, signingSecretVersion,
        credentialsVersion, failures, nextAttemptTime);
  }
}
