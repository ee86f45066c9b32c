package dev.hookgate.operator.dependent;

import dev.hookgate.operator.api.CertManagerSpec;
import dev.hookgate.operator.api.IngressSpec;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
    return desired(endpoint, slug, List.of(), settings);
  }

  /**
   * @param providerRanges the provider's own addresses (GitHub's hooks CIDRs, with
   *     spec.provider.github.sourceRangesFromMeta), allowed after spec.sourceRanges; empty when not read yet
   */
  public static Optional<Ingress> desired(
      WebhookEndpoint endpoint, String slug, List<String> providerRanges, OperatorSettings settings) {
    Optional<String> host = PublicEndpoint.host(endpoint, settings);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    String namespace = endpoint.getMetadata().getNamespace();
    String name = endpoint.getMetadata().getName();
    IngressSpec spec = endpoint.getSpec().getIngress() == null ? new IngressSpec() : endpoint.getSpec().getIngress();
    String className = firstNonBlank(spec.getClassName(), settings.ingressClass());
    String ingressName = name(namespace, name);
    // An IP address is no valid rule or TLS host ("must be a DNS name"): without one, the rule matches any host.
    String ruleHost = PublicEndpoint.isIpLiteral(host.get()) ? null : host.get();
    CertManagerSpec certManager = spec.getCertManager();
    // With cert-manager, the certificate is the endpoint's own: never the operator's shared default Secret.
    String tlsSecret =
        certManager != null
            ? firstNonBlank(spec.getTlsSecretName(), certManagerSecretName(ingressName))
            : firstNonBlank(spec.getTlsSecretName(), settings.ingressTlsSecret());

    var builder =
        new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder()
            .withNewMetadata()
            .withName(ingressName)
            .withNamespace(settings.receiverNamespace())
            .withLabels(new java.util.TreeMap<>(ManagedLabels.forEndpoint(namespace, name)))
            .withAnnotations(annotations(endpoint, providerRanges, className, certManager))
            .endMetadata()
            .withNewSpec()
            .withIngressClassName(className)
            .addNewRule()
            .withHost(ruleHost)
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
      builder.editSpec()
          .addNewTl()
          .withHosts(ruleHost == null ? null : List.of(ruleHost))
          .withSecretName(tlsSecret)
          .endTl()
          .endSpec();
    }
    return Optional.of(builder.build());
  }

  /**
   * The class's allowlist annotation with spec.sourceRanges (comma-separated; with
   * spec.provider.github.sourceRangesFromMeta, followed by GitHub's addresses, and none until those are read) and
   * cert-manager's issuer annotation; null when there is none to set. The ranges are the route's
   * ({@link SourceRanges}).
   */
  private static Map<String, String> annotations(
      WebhookEndpoint endpoint, List<String> providerRanges, String className, CertManagerSpec certManager) {
    Map<String, String> annotations = new TreeMap<>();
    boolean fromMeta = endpoint.getSpec().getProvider() != null
        && endpoint.getSpec().getProvider().githubSourceRangesFromMeta().isPresent();
    // Before GitHub's addresses are read, spec.sourceRanges alone would turn GitHub away: no allowlist then.
    List<String> ranges = fromMeta && providerRanges.isEmpty() ? List.of() : SourceRanges.of(endpoint, providerRanges);
    if (!ranges.isEmpty()) {
      String allowed = String.join(",", ranges);
      SourceRangeAnnotations.forIngressClass(className).ifPresent(key -> annotations.put(key, allowed));
    }
    if (certManager != null) {
      annotations.putAll(CertManagerAnnotations.forSpec(certManager));
    }
    return annotations.isEmpty() ? null : annotations;
  }

  /** The TLS Secret cert-manager writes when spec.ingress.tlsSecretName is absent: the Ingress's name + -tls. */
  public static String certManagerSecretName(String ingressName) {
    return ingressName + "-tls";
  }

  /** {@code whe-<namespace>-<name>}, shortened with a stable hash suffix when longer than 63 characters. */
  public static String name(String namespace, String name) {
    return shortened("whe-" + namespace + "-" + name, namespace + "/" + name);
  }

  /** {@code full} if at most 63 characters, else its head and the first 10 hex digits of SHA-256({@code key}). */
  static String shortened(String full, String key) {
    return shortened(full, key, MAX_NAME_LENGTH);
  }

  /**
   * {@code full} if at most {@code maxLength} characters, else its head and the first 10 hex digits of
   * SHA-256({@code key}), {@code maxLength} in all: for a name a suffix still has to be added to.
   */
  public static String shortened(String full, String key, int maxLength) {
    if (full.length() <= maxLength) {
      return full;
    }
    String hash = sha256Hex(key).substring(0, HASH_LENGTH);
    String head = full.substring(0, maxLength - HASH_LENGTH - 1);
    while (head.endsWith("-") || head.endsWith(".")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + "-" + hash;
  }

  static String firstNonBlank(String first, String second) {
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
