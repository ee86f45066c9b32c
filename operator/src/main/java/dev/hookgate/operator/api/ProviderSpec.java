package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.hookgate.routing.ProviderType;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The provider type and one block per type. Only the block of the chosen type may be set (CEL rules below); the
 * blocks of providers that sign a timestamp carry its replay window; the blocks of providers registered through
 * their API ({@link ApiProviderBlock}) name the credentials and where to register.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.github) || self.type == 'github'", message = ProviderSpec.MISMATCH_GITHUB)
@ValidationRule(value = "!has(self.gitlab) || self.type == 'gitlab'", message = ProviderSpec.MISMATCH_GITLAB)
@ValidationRule(value = "!has(self.stripe) || self.type == 'stripe'", message = ProviderSpec.MISMATCH_STRIPE)
@ValidationRule(value = "!has(self.slack) || self.type == 'slack'", message = ProviderSpec.MISMATCH_SLACK)
@ValidationRule(value = "!has(self.shopify) || self.type == 'shopify'", message = ProviderSpec.MISMATCH_SHOPIFY)
@ValidationRule(value = "!has(self.bitbucket) || self.type == 'bitbucket'", message = ProviderSpec.MISMATCH_BITBUCKET)
@ValidationRule(
    value = "!has(self.standardwebhooks) || self.type == 'standardwebhooks'",
    message = ProviderSpec.MISMATCH_STANDARDWEBHOOKS)
@ValidationRule(value = "!has(self.twilio) || self.type == 'twilio'", message = ProviderSpec.MISMATCH_TWILIO)
@ValidationRule(value = "!has(self.linear) || self.type == 'linear'", message = ProviderSpec.MISMATCH_LINEAR)
@ValidationRule(value = "!has(self.zoom) || self.type == 'zoom'", message = ProviderSpec.MISMATCH_ZOOM)
@ValidationRule(value = "!has(self.generic) || self.type == 'generic'", message = ProviderSpec.MISMATCH_GENERIC)
@ValidationRule(
    value = "self.type != 'generic' || has(self.generic)",
    message = "spec.provider.type is generic but spec.provider.generic is not set: it says how deliveries are signed")
public class ProviderSpec {

  private static final String MUST_MATCH = ": the provider block must match the type";
  static final String MISMATCH_GITHUB = "spec.provider.github is set but spec.provider.type is not github" + MUST_MATCH;
  static final String MISMATCH_GITLAB = "spec.provider.gitlab is set but spec.provider.type is not gitlab" + MUST_MATCH;
  static final String MISMATCH_STRIPE = "spec.provider.stripe is set but spec.provider.type is not stripe" + MUST_MATCH;
  static final String MISMATCH_SLACK = "spec.provider.slack is set but spec.provider.type is not slack" + MUST_MATCH;
  static final String MISMATCH_SHOPIFY =
      "spec.provider.shopify is set but spec.provider.type is not shopify" + MUST_MATCH;
  static final String MISMATCH_BITBUCKET =
      "spec.provider.bitbucket is set but spec.provider.type is not bitbucket" + MUST_MATCH;
  static final String MISMATCH_STANDARDWEBHOOKS =
      "spec.provider.standardwebhooks is set but spec.provider.type is not standardwebhooks" + MUST_MATCH;
  static final String MISMATCH_TWILIO = "spec.provider.twilio is set but spec.provider.type is not twilio" + MUST_MATCH;
  static final String MISMATCH_LINEAR = "spec.provider.linear is set but spec.provider.type is not linear" + MUST_MATCH;
  static final String MISMATCH_ZOOM = "spec.provider.zoom is set but spec.provider.type is not zoom" + MUST_MATCH;
  static final String MISMATCH_GENERIC =
      "spec.provider.generic is set but spec.provider.type is not generic" + MUST_MATCH;

  @Required
  @JsonPropertyDescription(
      "The provider: github, gitlab, stripe, slack, shopify, bitbucket, standardwebhooks, twilio, linear, zoom or"
          + " generic (an HMAC signature or a static token, configured in spec.provider.generic).")
  private ProviderType type;

  @JsonPropertyDescription(
      "GitHub settings: with credentialsSecretRef and repository or organization the operator registers the hook.")
  private GitHubProviderBlock github;

  @JsonPropertyDescription("GitLab settings: the project or group hook hookgate registers, with API credentials.")
  private GitLabProviderSpec gitlab;

  @JsonPropertyDescription(
      "Stripe settings: the replay window of its signed timestamp, and the webhook endpoint hookgate registers,"
          + " with API credentials.")
  private StripeProviderSpec stripe;

  @JsonPropertyDescription("Slack settings: the replay window of its signed timestamp.")
  private TimestampedProviderBlock slack;

  @JsonPropertyDescription(
      "Shopify settings: the shop whose webhook subscriptions hookgate registers, with API credentials.")
  private ShopifyProviderSpec shopify;

  @JsonPropertyDescription(
      "Bitbucket Cloud settings: the repository or workspace hook hookgate registers, with API credentials.")
  private BitbucketProviderSpec bitbucket;

  @JsonPropertyDescription("Standard Webhooks settings: the replay window of its signed timestamp.")
  private TimestampedProviderBlock standardwebhooks;

  @JsonPropertyDescription("Twilio settings (none yet).")
  private ProviderBlock twilio;

  @JsonPropertyDescription("Linear settings: the replay window of its signed timestamp.")
  private TimestampedProviderBlock linear;

  @JsonPropertyDescription("Zoom settings: the replay window of its signed timestamp.")
  private TimestampedProviderBlock zoom;

  @JsonPropertyDescription("How a generic sender signs: required when type is generic.")
  private GenericProviderSpec generic;

  /** The GitHub block when it asks for GitHub's hooks addresses as source ranges (sourceRangesFromMeta). */
  public java.util.Optional<GitHubProviderBlock> githubSourceRangesFromMeta() {
    return java.util.Optional.ofNullable(github).filter(GitHubProviderBlock::sourceRangesFromMeta);
  }

  /**
   * The block of the chosen type when the operator can register that provider through its API and the block
   * names a credentials Secret; empty when the provider is set up by hand.
   */
  public java.util.Optional<ApiProviderBlock> registrationBlock() {
    if (type == null) {
      return java.util.Optional.empty();
    }
    Object block = switch (type) {
      case GITHUB -> github;
      case GITLAB -> gitlab;
      case STRIPE -> stripe;
      case SHOPIFY -> shopify;
      case BITBUCKET -> bitbucket;
      default -> null;
    };
    return block instanceof ApiProviderBlock api && api.getCredentialsSecretRef() != null
        && api.getCredentialsSecretRef().getName() != null
        ? java.util.Optional.of(api)
        : java.util.Optional.empty();
  }

  public ProviderType getType() {
    return type;
  }

  public void setType(ProviderType type) {
    this.type = type;
  }

  public GitHubProviderBlock getGithub() {
    return github;
  }

  public void setGithub(GitHubProviderBlock github) {
    this.github = github;
  }

  public GitLabProviderSpec getGitlab() {
    return gitlab;
  }

  public void setGitlab(GitLabProviderSpec gitlab) {
    this.gitlab = gitlab;
  }

  public StripeProviderSpec getStripe() {
    return stripe;
  }

  public void setStripe(StripeProviderSpec stripe) {
    this.stripe = stripe;
  }

  public TimestampedProviderBlock getSlack() {
    return slack;
  }

  public void setSlack(TimestampedProviderBlock slack) {
    this.slack = slack;
  }

  public ShopifyProviderSpec getShopify() {
    return shopify;
  }

  public void setShopify(ShopifyProviderSpec shopify) {
    this.shopify = shopify;
  }

  public BitbucketProviderSpec getBitbucket() {
    return bitbucket;
  }

  public void setBitbucket(BitbucketProviderSpec bitbucket) {
    this.bitbucket = bitbucket;
  }

  public TimestampedProviderBlock getStandardwebhooks() {
    return standardwebhooks;
  }

  public void setStandardwebhooks(TimestampedProviderBlock standardwebhooks) {
    this.standardwebhooks = standardwebhooks;
  }

  public ProviderBlock getTwilio() {
    return twilio;
  }

  public void setTwilio(ProviderBlock twilio) {
    this.twilio = twilio;
  }

  public TimestampedProviderBlock getLinear() {
    return linear;
  }

  public void setLinear(TimestampedProviderBlock linear) {
    this.linear = linear;
  }

  public TimestampedProviderBlock getZoom() {
    return zoom;
  }

  public void setZoom(TimestampedProviderBlock zoom) {
    this.zoom = zoom;
  }

  public GenericProviderSpec getGeneric() {
    return generic;
  }

  public void setGeneric(GenericProviderSpec generic) {
    this.generic = generic;
  }
}
