package dev.hookgate.operator.routes;

import dev.hookgate.operator.api.GenericProviderSpec;
import dev.hookgate.operator.api.TargetSpec;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.routing.EndpointRef;
import dev.hookgate.routing.GenericHmac;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.SigningSecret;
import dev.hookgate.routing.Target;
import java.net.URI;
import java.util.List;

/** Compiles one WebhookEndpoint into the receiver's {@link Route}. Pure. */
public final class RouteBuilder {

  private RouteBuilder() {}

  public static Route route(
      WebhookEndpoint endpoint, String slug, String signingSecretValue, OperatorSettings settings) {
    var metadata = endpoint.getMetadata();
    var spec = endpoint.getSpec();
    ProviderType provider = spec.getProvider().getType();
    return new Route(
        slug,
        new EndpointRef(metadata.getNamespace(), metadata.getName(), generation(endpoint)),
        provider,
        provider == ProviderType.GENERIC ? generic(spec.getProvider().getGeneric()) : null,
        List.of(SigningSecret.current(signingSecretValue)),
        spec.getEvents() == null ? List.of() : spec.getEvents(),
        new Target(
            targetUrl(spec.getTarget(), metadata.getNamespace(), settings),
            DeliveryTimeout.toMillis(spec.getDelivery() == null ? null : spec.getDelivery().getTimeout())));
  }

  /** The target URL from HOOKGATE_TARGET_URL_TEMPLATE. */
  static URI targetUrl(TargetSpec target, String namespace, OperatorSettings settings) {
    String path = target.getPath() == null || target.getPath().isBlank() ? "/" : target.getPath();
    return URI.create(
        settings
            .targetUrlTemplate()
            .replace("{service}", target.getService().getName())
            .replace("{namespace}", namespace)
            .replace("{port}", String.valueOf(target.getService().getPort()))
            .replace("{path}", path));
  }

  private static GenericHmac generic(GenericProviderSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException(
          "spec.provider.type is generic but spec.provider.generic is not set: it names the signature header");
    }
    return new GenericHmac(
        spec.getSignatureHeader(),
        spec.getAlgorithm() == null ? null : GenericHmac.Algorithm.valueOf(spec.getAlgorithm().name()),
        spec.getEncoding() == null ? null : GenericHmac.Encoding.valueOf(spec.getEncoding().name()),
        spec.getPrefix(),
        spec.getEventTypeHeader(),
        spec.getDeliveryIdHeader());
  }

  private static long generation(WebhookEndpoint endpoint) {
    Long generation = endpoint.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
