package dev.hookgate.operator.dependent;

import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import java.util.Optional;

/** Where an endpoint is reachable from the internet: {@code <base>/h/<slug>}. */
public final class PublicEndpoint {

  private PublicEndpoint() {}

  /** The request path the receiver serves for {@code slug}. */
  public static String path(String slug) {
    return "/h/" + slug;
  }

  /** {@code https://<spec.ingress.host or spec.gateway.host>}, else HOOKGATE_PUBLIC_BASE_URL, else empty. */
  public static Optional<String> baseUrl(WebhookEndpoint endpoint, OperatorSettings settings) {
    String host = specHost(endpoint);
    if (host != null) {
      return Optional.of("https://" + host);
    }
    if (settings.publicBaseUrl() != null) {
      String base = settings.publicBaseUrl().toString();
      return Optional.of(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }
    return Optional.empty();
  }

  /** The Ingress or HTTPRoute host: spec.ingress.host or spec.gateway.host, else the host of HOOKGATE_PUBLIC_BASE_URL, else empty. */
  public static Optional<String> host(WebhookEndpoint endpoint, OperatorSettings settings) {
    String host = specHost(endpoint);
    if (host != null) {
      return Optional.of(host);
    }
    return Optional.ofNullable(settings.publicBaseUrl()).map(java.net.URI::getHost);
  }

  /**
   * True for an IPv4 literal ({@code 127.0.0.1}) or an IPv6 literal, bracketed or not ({@code [::1]}): not
   * allowed as an Ingress rule host, an Ingress TLS host or an HTTPRoute hostname, which must be DNS names.
   * Syntactic only: never resolves a name.
   */
  public static boolean isIpLiteral(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    // No DNS name contains ':'; every IPv6 literal does.
    if (host.indexOf(':') >= 0) {
      return true;
    }
    return IPV4.matcher(host).matches();
  }

  private static final java.util.regex.Pattern IPV4 =
      java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public static Optional<String> url(WebhookEndpoint endpoint, String slug, OperatorSettings settings) {
    return baseUrl(endpoint, settings).map(base -> base + path(slug));
  }

  /** spec.gateway.host for an endpoint published through a Gateway, else spec.ingress.host; null when blank. */
  private static String specHost(WebhookEndpoint endpoint) {
    var gateway = endpoint.getSpec().getGateway();
    var ingress = endpoint.getSpec().getIngress();
    String host = gateway != null ? gateway.getHost() : ingress == null ? null : ingress.getHost();
    return host == null || host.isBlank() ? null : host;
  }
}
