package dev.hookgate.operator.routes;

import dev.hookgate.operator.api.DeliverySpec;
import dev.hookgate.operator.api.GenericProviderSpec;
import dev.hookgate.operator.api.ProviderSpec;
import dev.hookgate.operator.api.TargetSpec;
import dev.hookgate.operator.api.TimestampedProviderBlock;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.dependent.PublicEndpoint;
import dev.hookgate.operator.dependent.SourceRanges;
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

  /** A route whose source ranges are spec.sourceRanges alone. */
  public static Route route(
      WebhookEndpoint endpoint, String slug, List<SigningSecret> signingSecrets, OperatorSettings settings) {
    return route(endpoint, slug, signingSecrets, List.of(), settings);
  }

  /**
   * @param signingSecrets the current secret first and, during a rotation, the previous one with its notAfter
   *     (see {@code SigningSecretResolution})
   * @param providerRanges the provider's own sending addresses (GitHub's hooks CIDRs), added to spec.sourceRanges
   * @throws IllegalArgumentException when the endpoint is a Twilio endpoint without a public URL (Twilio signs the
   *     URL, so such a route could verify nothing), or the spec is invalid (SpecCheck reports that first)
   */
  public static Route route(WebhookEndpoint endpoint, String slug, List<SigningSecret> signingSecrets,
      List<String> providerRanges, OperatorSettings settings) {
    var metadata = endpoint.getMetadata();
    var spec = endpoint.getSpec();
    ProviderType provider = spec.getProvider().getType();
    URI publicUrl = PublicEndpoint.url(endpoint, slug, settings).map(URI::create).orElse(null);
    if (provider == ProviderType.TWILIO && publicUrl == null) {
      throw new IllegalArgumentException("a twilio route needs the endpoint's public URL: Twilio signs it");
    }
    String filter = spec.getFilter() == null || spec.getFilter().isBlank() ? null : spec.getFilter();
    return new Route(
        slug,
        new EndpointRef(metadata.getNamespace(), metadata.getName(), generation(endpoint)),
        provider,
        provider == ProviderType.GENERIC ? generic(spec.getProvider().getGeneric()) : null,
        signingSecrets,
        spec.getEvents() == null ? List.of() : spec.getEvents(),
        target(spec.getTarget(), spec.getDelivery(), metadata.getNamespace(), settings),
        publicUrl,
        toleranceSeconds(spec.getProvider()),
        filter,
        SourceRanges.of(endpoint, providerRanges));
  }

  /** The replay window the spec sets for the chosen provider; null for the provider's default. */
  public static Integer toleranceSeconds(ProviderSpec provider) {
    if (provider.getType() == ProviderType.GENERIC) {
      return provider.getGeneric() == null ? null : provider.getGeneric().getToleranceSeconds();
    }
    TimestampedProviderBlock block =
        switch (provider.getType()) {
          case STRIPE -> provider.getStripe();
          case SLACK -> provider.getSlack();
          case ZOOM -> provider.getZoom();
          case LINEAR -> provider.getLinear();
          case STANDARD_WEBHOOKS -> provider.getStandardwebhooks();
          default -> null;
        };
    return block == null ? null : block.getToleranceSeconds();
  }

  private static Target target(
      TargetSpec target, DeliverySpec delivery, String namespace, OperatorSettings settings) {
    return new Target(
        targetUrl(target, namespace, settings),
        DeliveryTimeout.toMillis(delivery == null ? null : delivery.getTimeout()),
        target.getFormat(),
        DeliveryTimeout.retryForSeconds(delivery == null ? null : delivery.getRetryFor()),
        delivery == null || delivery.getMaxConcurrency() == null ? 0 : delivery.getMaxConcurrency());
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
          "spec.provider.type is generic but spec.provider.generic is not set: it says how deliveries are signed");
    }
    return new GenericHmac(
        blankToNull(spec.getSignatureHeader()),
        spec.getAlgorithm() == null ? null : GenericHmac.Algorithm.valueOf(spec.getAlgorithm().name()),
        spec.getEncoding() == null ? null : GenericHmac.Encoding.valueOf(spec.getEncoding().name()),
        spec.getPrefix(),
        spec.getEventTypeHeader(),
        spec.getDeliveryIdHeader(),
        blankToNull(spec.getTimestampHeader()),
        blankToNull(spec.getSignedContent()),
        blankToNull(spec.getTokenHeader()));
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static long generation(WebhookEndpoint endpoint) {
    Long generation = endpoint.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
