package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Stripe: the signed timestamp's window, and where and how the operator registers the webhook endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StripeProviderSpec extends TimestampedProviderBlock implements ApiProviderBlock {

  public static final String DEFAULT_API_BASE_URL = "https://api.stripe.com";

  @Default(DEFAULT_API_BASE_URL)
  @Size(max = 2048)
  @Pattern(ProviderUrls.BASE_URL_PATTERN)
  @JsonPropertyDescription("The Stripe API root. Absent: https://api.stripe.com.")
  private String apiBaseUrl;

  @JsonPropertyDescription(
      "The Secret with the API key under key 'apiKey' (a restricted key with Webhook Endpoints write access, or a"
          + " secret key). hookgate then creates the webhook endpoint and writes the signing secret Stripe issues"
          + " into the signing Secret. Absent: hookgate does not register the endpoint and tells you where to do"
          + " it by hand.")
  private SecretNameRef credentialsSecretRef;

  public StripeProviderSpec() {}

  public StripeProviderSpec(Integer toleranceSeconds) {
    super(toleranceSeconds);
  }

  public String getApiBaseUrl() {
    return apiBaseUrl;
  }

  public void setApiBaseUrl(String apiBaseUrl) {
    this.apiBaseUrl = apiBaseUrl;
  }

  @Override
  public SecretNameRef getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretNameRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }
}
