package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * The signing secret being rotated out: it keeps verifying deliveries until {@link #expiresAt}, so deliveries the
 * provider signed (or retries) with the old secret are not refused while the provider switches over.
 *
 * <p>How to rotate a signing secret without refusing a delivery:
 *
 * <ol>
 *   <li>Store the new secret in a new Secret (or a new key of the same Secret).
 *   <li>In one edit of the WebhookEndpoint, set {@code spec.previousSigningSecretRef} to the current
 *       {@code spec.signingSecretRef} plus an {@code expiresAt} comfortably after the provider will have switched
 *       (and after its retries of older deliveries end, e.g. 3 days for Stripe), and point
 *       {@code spec.signingSecretRef} at the new secret. Wait for {@code Ready=True}: both secrets verify now.
 *   <li>Give the new secret to the provider (its dashboard or API).
 *   <li>After {@code expiresAt} the operator drops the old secret from the route by itself; then remove
 *       {@code spec.previousSigningSecretRef} and delete the old Secret at leisure.
 * </ol>
 */
public class PreviousSigningSecretRef extends SecretKeyRef {

  static final String DESCRIPTION =
      "The signing secret being rotated out: it keeps verifying deliveries until expiresAt, next to"
          + " signingSecretRef. To rotate: (1) store the new secret in a new Secret or key; (2) in one edit, copy"
          + " signingSecretRef here with an expiresAt after the provider has switched and its retries of older"
          + " deliveries are over (e.g. 3 days for Stripe), and point signingSecretRef at the new secret; wait for"
          + " Ready=True; (3) give the provider the new secret; (4) after expiresAt the old secret stops verifying"
          + " and is dropped from the route by the operator: remove this field and delete the old Secret.";

  @Required
  @Size(max = 64)
  @JsonSerialize(using = DateTimeString.class)
  @JsonPropertyDescription(
      "When the previous secret stops verifying: an RFC 3339 date-time such as 2025-06-01T00:00:00Z.")
  private String expiresAt;

  public PreviousSigningSecretRef() {}

  public PreviousSigningSecretRef(String name, String key, String expiresAt) {
    super(name, key);
    this.expiresAt = expiresAt;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }
}
