package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where and how the operator registers the endpoint as a Bitbucket Cloud repository or workspace hook. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.credentialsSecretRef) || has(self.workspace)",
    message = "spec.provider.bitbucket.workspace is required when credentialsSecretRef is set")
@ValidationRule(
    value = "!has(self.repository) || has(self.workspace)",
    message = "spec.provider.bitbucket.repository needs workspace: a repository lives in a workspace")
public class BitbucketProviderSpec implements ApiProviderBlock {

  public static final String DEFAULT_BASE_URL = "https://api.bitbucket.org/2.0";
  private static final String SLUG = "^[A-Za-z0-9._-]{1,128}$";

  @Pattern(SLUG)
  @JsonPropertyDescription("The workspace (its slug) that owns the hook, or the repository's workspace.")
  private String workspace;

  @Pattern(SLUG)
  @JsonPropertyDescription("The repository's slug for a repository hook. Absent: a workspace hook.")
  private String repository;

  @Default(DEFAULT_BASE_URL)
  @Size(max = 2048)
  @Pattern(ProviderUrls.BASE_URL_PATTERN)
  @JsonPropertyDescription("The Bitbucket API root. Absent: https://api.bitbucket.org/2.0.")
  private String baseUrl;

  @JsonPropertyDescription(
      "The Secret with the API credentials: key 'token' (an access token with the webhook scope, sent as Bearer),"
          + " or keys 'username' and 'appPassword' (an app password with the webhook permission, sent as Basic)."
          + " Absent: hookgate does not register the hook and tells you where to do it by hand.")
  private SecretNameRef credentialsSecretRef;

  public String getWorkspace() {
    return workspace;
  }

  public void setWorkspace(String workspace) {
    this.workspace = workspace;
  }

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  public String getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  @Override
  public SecretNameRef getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretNameRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }
}
