package dev.hookgate.operator.dependent;

import dev.hookgate.operator.api.WebhookEndpoint;
import java.util.List;
import java.util.stream.Stream;

/** The addresses an endpoint takes deliveries from, as its route and its Ingress's allowlist both list them. Pure. */
public final class SourceRanges {

  private SourceRanges() {}

  /**
   * spec.sourceRanges, then the provider's own sending addresses (GitHub's hooks CIDRs with
   * spec.provider.github.sourceRangesFromMeta), each once, in that order.
   */
  public static List<String> of(WebhookEndpoint endpoint, List<String> providerRanges) {
    List<String> fromSpec = endpoint.getSpec().getSourceRanges();
    return Stream.concat(fromSpec == null ? Stream.of() : fromSpec.stream(), providerRanges.stream())
        .distinct()
        .toList();
  }
}
