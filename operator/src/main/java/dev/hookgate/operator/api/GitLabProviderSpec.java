package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where and how the operator registers the endpoint as a GitLab project or group hook. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.project) || !has(self.group)", message = GitLabProviderSpec.MESSAGE_NOT_BOTH)
@ValidationRule(
    value = "!has(self.credentialsSecretRef) || has(self.project) || has(self.group)",
    message = GitLabProviderSpec.MESSAGE_ONE_SCOPE)
public class GitLabProviderSpec implements ApiProviderBlock {

  public static final String DEFAULT_BASE_URL = "https://gitlab.com";
  static final String MESSAGE_NOT_BOTH =
      "spec.provider.gitlab.project and spec.provider.gitlab.group are exclusive: a hook belongs to one of them";
  static final String MESSAGE_ONE_SCOPE =
      "spec.provider.gitlab needs exactly one of project or group when credentialsSecretRef is set";

  @Default(DEFAULT_BASE_URL)
  @Size(max = 2048)
  @Pattern(ProviderUrls.BASE_URL_PATTERN)
  @JsonPropertyDescription(
      "The GitLab instance, e.g. https://gitlab.example.com for a self-managed one (the API is <baseUrl>/api/v4)."
          + " Absent: https://gitlab.com.")
  private String baseUrl;

  @Size(max = 1024)
  @JsonPropertyDescription(
      "The project whose hook hookgate manages: its numeric id or full path (group/subgroup/project). Exclusive"
          + " with group.")
  private String project;

  @Size(max = 1024)
  @JsonPropertyDescription(
      "The group whose hook hookgate manages (group hooks need a paid tier): its numeric id or full path."
          + " Exclusive with project.")
  private String group;

  @JsonPropertyDescription(
      "The Secret with the API token under key 'token' (a personal, project or group access token with the api"
          + " scope and at least the Maintainer role; Owner for group hooks). Absent: hookgate does not register"
          + " the hook and tells you where to do it by hand.")
  private SecretNameRef credentialsSecretRef;

  @Default("true")
  @JsonPropertyDescription("Whether GitLab verifies the TLS certificate of the endpoint's URL. Absent: true.")
  private Boolean enableSslVerification;

  public String getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String getProject() {
    return project;
  }

  public void setProject(String project) {
    this.project = project;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  @Override
  public SecretNameRef getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretNameRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public Boolean getEnableSslVerification() {
    return enableSslVerification;
  }

  public void setEnableSslVerification(Boolean enableSslVerification) {
    this.enableSslVerification = enableSslVerification;
  }
}
