package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * The Secret, in the endpoint's namespace, that holds a provider's API credentials; the keys it must have are
 * given by each provider block (e.g. {@code token} for GitLab, {@code apiKey} for Stripe).
 */
public class CredentialsSecretRef {

  @Required
  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
  @JsonPropertyDescription("The Secret's name, in the endpoint's namespace.")
  private String name;

  public CredentialsSecretRef() {}

  public CredentialsSecretRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
