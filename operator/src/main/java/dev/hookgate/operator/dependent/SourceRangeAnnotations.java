package dev.hookgate.operator.dependent;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The Ingress annotation through which an Ingress controller enforces {@code spec.sourceRanges}, by IngressClass
 * name. Only controllers whose annotation is certain are listed; for any other class the Ingress gets no
 * annotation and the receiver alone enforces the allowlist (it always does).
 */
public final class SourceRangeAnnotations {

  private static final Map<String, String> BY_INGRESS_CLASS =
      Map.of("nginx", "nginx.ingress.kubernetes.io/whitelist-source-range");

  private SourceRangeAnnotations() {}

  /** The allowlist annotation of {@code ingressClass}; empty when unknown or null (the cluster default). */
  public static Optional<String> forIngressClass(String ingressClass) {
    return Optional.ofNullable(ingressClass).map(BY_INGRESS_CLASS::get);
  }

  /** Every annotation this table may write: the ones the operator owns on its Ingresses. */
  public static Collection<String> all() {
    return BY_INGRESS_CLASS.values();
  }
}
