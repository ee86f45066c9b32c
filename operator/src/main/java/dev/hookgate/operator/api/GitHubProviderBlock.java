package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * GitHub settings: where the operator registers the hook (a repository or an organization) and with which
 * credentials. Without credentialsSecretRef the hook is added by hand (ManualRegistrationRequired).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.repository) && has(self.organization))",
    message = GitHubProviderBlock.MESSAGE_ONE_TARGET)
@ValidationRule(
    value = "!has(self.credentialsSecretRef) || has(self.repository) || has(self.organization)",
    message = GitHubProviderBlock.MESSAGE_TARGET_NEEDED)
public class GitHubProviderBlock implements ApiProviderBlock {

  public static final String DEFAULT_BASE_URL = "https://api.github.com";
  static final String MESSAGE_ONE_TARGET =
      "spec.provider.github: set either repository or organization, not both";
  static final String MESSAGE_TARGET_NEEDED =
      "spec.provider.github.credentialsSecretRef needs repository (owner/repo) or organization";

  @JsonPropertyDescription(
      "The Secret with the GitHub API credentials: key 'token' (a personal access token or fine-grained token"
          + " with admin:repo_hook, or admin:org_hook for organizations), or keys 'appId', 'installationId' and"
          + " 'privateKey' (PEM) of a GitHub App with the 'Webhooks: read & write' permission. Absent: the hook"
          + " is added by hand (ProviderRegistered reason ManualRegistrationRequired).")
  private SecretNameRef credentialsSecretRef;

  @Pattern("^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$")
  @JsonPropertyDescription("The repository whose hook the operator manages, as owner/repo.")
  private String repository;

  @Pattern("^[A-Za-z0-9_.-]{1,100}$")
  @JsonPropertyDescription("The organization whose hook the operator manages (instead of repository).")
  private String organization;

  @Pattern("^https?://[^\\s/]+(/[^\\s]*)?$")
  @JsonPropertyDescription(
      "The GitHub API base URL: https://api.github.com (default), or https://HOST/api/v3 for GitHub Enterprise"
          + " Server.")
  private String baseUrl;

  @JsonPropertyDescription(
      "true: deliveries are accepted only from the addresses GitHub sends webhooks from, the 'hooks' CIDRs of GET"
          + " {baseUrl}/meta, which the operator reads and refreshes every hour (with spec.sourceRanges added to"
          + " them). The receiver checks them (behind an Ingress, set HOOKGATE_TRUSTED_PROXIES), and so does an nginx"
          + " Ingress through its allowlist annotation. Until the list was read once, the route is not written and"
          + " the Ingress has no allowlist (ReceiverConfigured=False, reason SourceRangesUnavailable).")
  private Boolean sourceRangesFromMeta;

  @Override
  public SecretNameRef getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretNameRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  public String getOrganization() {
    return organization;
  }

  public void setOrganization(String organization) {
    this.organization = organization;
  }

  public String getBaseUrl() {
    return baseUrl;
  }

  public Boolean getSourceRangesFromMeta() {
    return sourceRangesFromMeta;
  }

  public void setSourceRangesFromMeta(Boolean sourceRangesFromMeta) {
    this.sourceRangesFromMeta = sourceRangesFromMeta;
  }

  /** The API base URL: baseUrl, or github.com's. */
  public String apiBaseUrl() {
    return baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
  }

  /** Whether the endpoint takes GitHub's hooks addresses as its source ranges. */
  public boolean sourceRangesFromMeta() {
    return Boolean.TRUE.equals(sourceRangesFromMeta);
  }

  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }
}
