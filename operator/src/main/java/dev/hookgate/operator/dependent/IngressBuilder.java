package dev.hookgate.operator.dependent;

import dev.hookgate.operator.api.IngressSpec;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The desired Ingress of an endpoint: in the receiver namespace (an Ingress backend cannot be in another
 * namespace), one Exact path {@code /h/<slug>} to the receiver Service's {@code http} port. Pure.
 */
public final class IngressBuilder {

  public static final String RECEIVER_PORT_NAME = "http";
  static final int MAX_NAME_LENGTH = 63;
  private static final int HASH_LENGTH = 10;

  private IngressBuilder() {}

  /** Empty when the endpoint has no public host (neither spec.ingress.host nor HOOKGATE_PUBLIC_BASE_URL). */
  public static Optional<Ingress> desired(WebhookEndpoint endpoint, String slug, OperatorSettings settings) {
    Optional<String> host = PublicEndpoint.host(endpoint, settings);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    String namespace = endpoint.getMetadata().getNamespace();
    String name = endpoint.getMetadata().getName();
    IngressSpec spec = endpoint.getSpec().getIngress() == null ? new IngressSpec() : endpoint.getSpec().getIngress();
    String className = firstNonBlank(spec.getClassName(), settings.ingressClass());
    String tlsSecret = firstNonBlank(spec.getTlsSecretName(), settings.ingressTlsSecret());

    var builder =
        new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder()
            .withNewMetadata()
            .withName(name(namespace, name))
            .withNamespace(settings.receiverNamespace())
            .withLabels(new java.util.TreeMap<>(ManagedLabels.forEndpoint(namespace, name)))
            .withAnnotations(annotations(endpoint, className))
            .endMetadata()
            .withNewSpec()
            .withIngressClassName(className)
            .addNewRule()
            .withHost(host.get())
            .withNewHttp()
            .addNewPath()
            .withPath(PublicEndpoint.path(slug))
            .withPathType("Exact")
            .withNewBackend()
            .withNewService()
            .withName(settings.receiverServiceName())
            .withNewPort()
            .withName(RECEIVER_PORT_NAME)
            .endPort()
            .endService()
            .endBackend()
            .endPath()
            .endHttp()
            .endRule()
            .endSpec();
    if (tlsSecret != null) {
      builder.editSpec().addNewTl().withHosts(List.of(host.get())).withSecretName(tlsSecret).endTl().endSpec();
    }
    return Optional.of(builder.build());
  }

  /** The class's allowlist annotation with spec.sourceRanges, comma-separated; null when there is none to set. */
  private static java.util.Map<String, String> annotations(WebhookEndpoint endpoint, String className) {
    List<String> ranges = endpoint.getSpec().getSourceRanges();
    if (ranges == null || ranges.isEmpty()) {
      return null;
    }
    return SourceRangeAnnotations.forIngressClass(className)
        .map(key -> java.util.Map.of(key, String.join(",", ranges)))
        .orElse(null);
  }

  /** {@code whe-<namespace>-<name>}, shortened with a stable hash suffix when longer than 63 characters. */
  public static String name(String namespace, String name) {
    String full = "whe-" + namespace + "-" + name;
    if (full.length() <= MAX_NAME_LENGTH) {
      return full;
    }
    String hash = sha256Hex(namespace + "/" + name).substring(0, HASH_LENGTH);
    String head = full.substring(0, MAX_NAME_LENGTH - HASH_LENGTH - 1);
    while (head.endsWith("-") || head.endsWith(".")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + "-" + hash;
  }

  private static String firstNonBlank(String first, String second) {
    if (first != null && !first.isBlank()) {
      return first;
    }
    return second == null || second.isBlank() ? null : second;
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
