package dev.hookgate.operator.dependent;

import dev.hookgate.operator.api.CertManagerSpec;
import java.util.List;
import java.util.Map;

/** The annotations through which cert-manager's ingress-shim issues an Ingress's certificate. */
public final class CertManagerAnnotations {

  public static final String ISSUER = "cert-manager.io/issuer";
  public static final String CLUSTER_ISSUER = "cert-manager.io/cluster-issuer";

  private CertManagerAnnotations() {}

  /** The one annotation spec.ingress.certManager asks for (the schema allows exactly one of the two). */
  public static Map<String, String> forSpec(CertManagerSpec spec) {
    if (spec.getIssuer() != null && !spec.getIssuer().isBlank()) {
      return Map.of(ISSUER, spec.getIssuer());
    }
    if (spec.getClusterIssuer() != null && !spec.getClusterIssuer().isBlank()) {
      return Map.of(CLUSTER_ISSUER, spec.getClusterIssuer());
    }
    return Map.of();
  }

  /** Every annotation this class may write: the ones the operator owns on its Ingresses. */
  public static List<String> all() {
    return List.of(ISSUER, CLUSTER_ISSUER);
  }
}
