package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** spec.ingress.certManager: which cert-manager issuer signs the Ingress's certificate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.issuer) != has(self.clusterIssuer)", message = CertManagerSpec.MESSAGE_ONE_ISSUER)
public class CertManagerSpec {

  static final String DESCRIPTION =
      "Let cert-manager issue the certificate of the host: the Ingress gets the annotation cert-manager.io/issuer"
          + " (an Issuer, which must be in the receiver namespace where the Ingress lives) or"
          + " cert-manager.io/cluster-issuer (a ClusterIssuer) and a tls entry for the host, so cert-manager's"
          + " ingress-shim creates a Certificate and writes it to the TLS Secret (tlsSecretName). Exactly one of"
          + " issuer and clusterIssuer.";

  static final String MESSAGE_ONE_ISSUER = "spec.ingress.certManager: set exactly one of issuer and clusterIssuer";

  private static final String NAME = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";

  @Size(max = 253)
  @Pattern(NAME)
  @JsonPropertyDescription("Name of a cert-manager Issuer in the receiver namespace (e.g. hookgate-system).")
  private String issuer;

  @Size(max = 253)
  @Pattern(NAME)
  @JsonPropertyDescription("Name of a cert-manager ClusterIssuer, e.g. letsencrypt-prod.")
  private String clusterIssuer;

  public CertManagerSpec() {}

  public CertManagerSpec(String issuer, String clusterIssuer) {
    this.issuer = issuer;
    this.clusterIssuer = clusterIssuer;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getClusterIssuer() {
    return clusterIssuer;
  }

  public void setClusterIssuer(String clusterIssuer) {
    this.clusterIssuer = clusterIssuer;
  }
}
