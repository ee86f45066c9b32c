package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where and how the operator registers the endpoint's Shopify webhook subscriptions (one per topic). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.credentialsSecretRef) || has(self.shopDomain) || has(self.adminApiBaseUrl)",
    message = "spec.provider.shopify.shopDomain is required when credentialsSecretRef is set")
public class ShopifyProviderSpec implements ApiProviderBlock {

  public static final String DEFAULT_API_VERSION = "2025-01";

  @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$")
  @JsonPropertyDescription("The shop's domain, e.g. example.myshopify.com.")
  private String shopDomain;

  @Default(DEFAULT_API_VERSION)
  @Pattern("^[0-9]{4}-[0-9]{2}$")
  @JsonPropertyDescription("The Admin API version, e.g. 2025-01. Absent: 2025-01.")
  private String apiVersion;

  @Size(max = 2048)
  @Pattern(ProviderUrls.BASE_URL_PATTERN)
  @JsonPropertyDescription(
      "Overrides the Admin API root https://<shopDomain>/admin/api/<apiVersion> (for tests and proxies).")
  private String adminApiBaseUrl;

  @JsonPropertyDescription(
      "The Secret with the app's Admin API access token under key 'accessToken' (it needs the read scope of every"
          + " subscribed topic, e.g. read_orders). Deliveries are signed with the app's client secret, which"
          + " belongs in signingSecretRef. Absent: hookgate does not register the subscriptions and tells you"
          + " where to do it by hand.")
  private SecretNameRef credentialsSecretRef;

  public String getShopDomain() {
    return shopDomain;
  }

  public void setShopDomain(String shopDomain) {
    this.shopDomain = shopDomain;
  }

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getAdminApiBaseUrl() {
    return adminApiBaseUrl;
  }

  public void setAdminApiBaseUrl(String adminApiBaseUrl) {
    this.adminApiBaseUrl = adminApiBaseUrl;
  }

  @Override
  public SecretNameRef getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretNameRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }
}
