package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.routes.DeliveryTimeout;
import dev.hookgate.routing.EventGlob;
import dev.hookgate.routing.ProviderType;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Spec mistakes the CRD schema cannot (or did not) refuse. They are terminal: Ready=False with a reason that says
 * what to fix, and no retry until the spec changes.
 */
public final class SpecCheck {

  /** The providers the receiver verifies today. */
  public static final Set<ProviderType> SUPPORTED_PROVIDERS =
      EnumSet.of(ProviderType.GITHUB, ProviderType.STANDARD_WEBHOOKS, ProviderType.GENERIC);

  /** Label values (hookgate.dev/endpoint-name on the Ingress) are at most 63 characters. */
  static final int MAX_NAME_LENGTH = 63;

  private SpecCheck() {}

  public static Optional<ConditionOutcome> problem(WebhookEndpoint endpoint) {
    var spec = endpoint.getSpec();
    if (spec == null || spec.getProvider() == null || spec.getProvider().getType() == null) {
      return invalid(ConditionReasons.INVALID_SPEC, "spec.provider.type is required");
    }
    ProviderType type = spec.getProvider().getType();
    if (!SUPPORTED_PROVIDERS.contains(type)) {
      return invalid(
          ConditionReasons.PROVIDER_NOT_SUPPORTED,
          "provider " + type + " is not supported by the receiver yet; supported: "
              + SUPPORTED_PROVIDERS.stream().map(ProviderType::wireName).sorted().collect(Collectors.joining(", ")));
    }
    if (type == ProviderType.GENERIC && spec.getProvider().getGeneric() == null) {
      return invalid(
          ConditionReasons.INVALID_SPEC,
          "spec.provider.type is generic but spec.provider.generic is not set: it names the signature header");
    }
    for (String glob : spec.getEvents() == null ? List.<String>of() : spec.getEvents()) {
      try {
        EventGlob.compile(glob);
      } catch (IllegalArgumentException e) {
        return invalid(ConditionReasons.INVALID_FILTER, "spec.events: " + e.getMessage());
      }
    }
    if (spec.getSigningSecretRef() == null || spec.getTarget() == null || spec.getTarget().getService() == null) {
      return invalid(ConditionReasons.INVALID_SPEC, "spec.signingSecretRef and spec.target.service are required");
    }
    try {
      DeliveryTimeout.toMillis(spec.getDelivery() == null ? null : spec.getDelivery().getTimeout());
    } catch (IllegalArgumentException e) {
      return invalid(ConditionReasons.INVALID_SPEC, e.getMessage());
    }
    if (endpoint.getMetadata().getName().length() > MAX_NAME_LENGTH) {
      return invalid(
          ConditionReasons.INVALID_SPEC,
          "metadata.name is longer than " + MAX_NAME_LENGTH + " characters: choose a shorter name");
    }
    return Optional.empty();
  }

  private static Optional<ConditionOutcome> invalid(String reason, String message) {
    return Optional.of(ConditionOutcome.failed(ConditionType.READY, reason, message));
  }
}
