package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.GenericProviderSpec;
import dev.hookgate.operator.api.TimestampedProviderBlock;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.api.WebhookEndpointSpec;
import dev.hookgate.operator.routes.Cidr;
import dev.hookgate.operator.routes.DeliveryTimeout;
import dev.hookgate.operator.routes.RouteBuilder;
import dev.hookgate.routing.EventGlob;
import dev.hookgate.routing.FilterExpression;
import dev.hookgate.routing.ProviderType;
import java.util.List;
import java.util.Optional;

/**
 * Spec mistakes the CRD schema cannot (or did not) refuse. They are terminal: Ready=False with a reason that says
 * what to fix, and no retry until the spec changes. Rules the schema enforces are checked here too, because an
 * API server without them (an older CRD, the test mock) must not make the operator crash.
 */
public final class SpecCheck {

  /** Label values (hookgate.dev/endpoint-name on the Ingress) are at most 63 characters. */
  static final int MAX_NAME_LENGTH = 63;

  private SpecCheck() {}

  public static Optional<ConditionOutcome> problem(WebhookEndpoint endpoint) {
    var spec = endpoint.getSpec();
    if (spec == null || spec.getProvider() == null || spec.getProvider().getType() == null) {
      return invalid(ConditionReasons.INVALID_SPEC, "spec.provider.type is required");
    }
    ProviderType type = spec.getProvider().getType();
    if (type == ProviderType.GENERIC) {
      Optional<ConditionOutcome> generic = genericProblem(spec.getProvider().getGeneric());
      if (generic.isPresent()) {
        return generic;
      }
    }
    Integer tolerance = RouteBuilder.toleranceSeconds(spec.getProvider());
    if (tolerance != null && (tolerance < 1 || tolerance > TimestampedProviderBlock.MAX_TOLERANCE_SECONDS)) {
      return invalid(ConditionReasons.INVALID_SPEC,
          "spec.provider." + type + ".toleranceSeconds must be from 1 to "
              + TimestampedProviderBlock.MAX_TOLERANCE_SECONDS + ", got " + tolerance);
    }
    for (String glob : spec.getEvents() == null ? List.<String>of() : spec.getEvents()) {
      try {
        EventGlob.compile(glob);
      } catch (IllegalArgumentException e) {
        return invalid(ConditionReasons.INVALID_FILTER, "spec.events: " + e.getMessage());
      }
    }
    if (spec.getFilter() != null && !spec.getFilter().isBlank()) {
      if (spec.getFilter().length() > WebhookEndpointSpec.MAX_FILTER_LENGTH) {
        return invalid(ConditionReasons.INVALID_FILTER,
            "spec.filter is longer than " + WebhookEndpointSpec.MAX_FILTER_LENGTH + " characters");
      }
      try {
        FilterExpression.compile(spec.getFilter());
      } catch (IllegalArgumentException e) {
        // The compiler's message as it is: it names the position and what is wrong there.
        return invalid(ConditionReasons.INVALID_FILTER, e.getMessage());
      }
    }
    List<String> ranges = spec.getSourceRanges() == null ? List.of() : spec.getSourceRanges();
    if (ranges.size() > WebhookEndpointSpec.MAX_SOURCE_RANGES) {
      return invalid(ConditionReasons.INVALID_SPEC,
          "spec.sourceRanges has more than " + WebhookEndpointSpec.MAX_SOURCE_RANGES + " entries");
    }
    for (String range : ranges) {
      try {
        Cidr.check(range);
      } catch (IllegalArgumentException e) {
        return invalid(ConditionReasons.INVALID_SPEC, e.getMessage());
      }
    }
    if (spec.getSigningSecretRef() == null || spec.getTarget() == null || spec.getTarget().getService() == null) {
      return invalid(ConditionReasons.INVALID_SPEC, "spec.signingSecretRef and spec.target.service are required");
    }
    if (spec.getPreviousSigningSecretRef() != null) {
      try {
        SigningSecretResolution.parseExpiresAt(spec.getPreviousSigningSecretRef().getExpiresAt());
      } catch (IllegalArgumentException e) {
        return invalid(ConditionReasons.INVALID_SPEC, e.getMessage());
      }
    }
    try {
      DeliveryTimeout.toMillis(spec.getDelivery() == null ? null : spec.getDelivery().getTimeout());
      DeliveryTimeout.retryForSeconds(spec.getDelivery() == null ? null : spec.getDelivery().getRetryFor());
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

  private static Optional<ConditionOutcome> genericProblem(GenericProviderSpec generic) {
    if (generic == null) {
      return invalid(
          ConditionReasons.INVALID_SPEC,
          "spec.provider.type is generic but spec.provider.generic is not set: it says how deliveries are signed");
    }
    if (isSet(generic.getSignatureHeader()) == isSet(generic.getTokenHeader())) {
      return invalid(ConditionReasons.INVALID_SPEC, GenericProviderSpec.MESSAGE_ONE_MODE);
    }
    if (isSet(generic.getTokenHeader()) && isSet(generic.getTimestampHeader())) {
      return invalid(ConditionReasons.INVALID_SPEC,
          "spec.provider.generic.timestampHeader cannot be used with tokenHeader: a static token signs nothing");
    }
    if (!isSet(generic.getTimestampHeader())
        && (isSet(generic.getSignedContent()) || generic.getToleranceSeconds() != null)) {
      return invalid(ConditionReasons.INVALID_SPEC,
          "spec.provider.generic.signedContent and toleranceSeconds need timestampHeader");
    }
    String content = generic.getSignedContent();
    if (isSet(content) && !(content.contains("{body}") && content.contains("{timestamp}"))) {
      return invalid(ConditionReasons.INVALID_SPEC, GenericProviderSpec.MESSAGE_SIGNED_CONTENT);
    }
    return Optional.empty();
  }

  private static boolean isSet(String text) {
    return text != null && !text.isBlank();
  }

  private static Optional<ConditionOutcome> invalid(String reason, String message) {
    return Optional.of(ConditionOutcome.failed(ConditionType.READY, reason, message));
  }
}
