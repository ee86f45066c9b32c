package dev.hookgate.operator.reconciler;

import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import java.util.List;

/**
 * The Secret types the operator neither lists, watches nor caches. None of them can be a webhook signing secret or
 * provider credentials (each has a fixed layout of its own, or is written by Kubernetes or Helm), and together they
 * are most of the Secrets in many clusters: Helm alone keeps every revision of every release in a Secret of up to
 * 1 MiB. The informer leaves them out with a field selector, so the API server does not even send them.
 */
final class UnreadSecretTypes {

  static final List<String> TYPES = List.of(
      "helm.sh/release.v1",
      "kubernetes.io/service-account-token",
      "kubernetes.io/tls",
      "kubernetes.io/dockerconfigjson",
      "kubernetes.io/dockercfg",
      "bootstrap.kubernetes.io/token");

  private UnreadSecretTypes() {}

  /** {@code type!=...} for each of {@link #TYPES}: the API server's field selectors are ANDed. */
  static FieldSelector fieldSelector() {
    return new FieldSelector(TYPES.stream().map(type -> new FieldSelector.Field("type", type, true)).toList());
  }
}
