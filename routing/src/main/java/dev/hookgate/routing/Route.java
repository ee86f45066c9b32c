package dev.hookgate.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * How the receiver handles deliveries to {@code POST /h/{slug}}: which provider signed them, the secrets that
 * verify them, which event types pass, and where verified deliveries go.
 *
 * @param slug the unguessable, stable last path segment of the public URL
 * @param endpoint the WebhookEndpoint this route was compiled from (and its generation)
 * @param provider how deliveries are signed
 * @param generic signature settings for {@link ProviderType#GENERIC}; null for every other provider
 * @param signingSecrets the secrets that verify a delivery; any one matching is enough (rotation)
 * @param events event-type globs ({@code *} matches any run of characters); empty means every type
 * @param target where verified deliveries are forwarded
 * @param publicUrl the URL the provider calls (status.url); Twilio signs it; null when unknown
 * @param toleranceSeconds how far a signed timestamp may be from now; null for the provider's default
 * @param filter a CEL expression over body, headers and type (see {@link FilterExpression}); null for none
 * @param sourceRanges CIDRs a delivery must come from; empty means any address
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Route(
    String slug,
    EndpointRef endpoint,
    ProviderType provider,
    GenericHmac generic,
    List<SigningSecret> signingSecrets,
    List<String> events,
    Target target,
    URI publicUrl,
    Integer toleranceSeconds,
    String filter,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> sourceRanges) {

  public Route {
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(target, "target");
    signingSecrets = signingSecrets == null ? List.of() : List.copyOf(signingSecrets);
    events = events == null ? List.of() : List.copyOf(events);
    sourceRanges = sourceRanges == null ? List.of() : List.copyOf(sourceRanges);
    if (toleranceSeconds != null && toleranceSeconds <= 0) {
      throw new IllegalArgumentException("toleranceSeconds must be positive, got " + toleranceSeconds);
    }
  }

  /** A route with provider defaults: no public URL, default tolerance, no CEL filter, any source. */
  public Route(String slug, EndpointRef endpoint, ProviderType provider, GenericHmac generic,
      List<SigningSecret> signingSecrets, List<String> events, Target target) {
    this(slug, endpoint, provider, generic, signingSecrets, events, target, null, null, null, null);
  }

  /** Never print secret values: a route may end up in a log line or an exception message. */
  @Override
  public String toString() {
    return "Route[slug=" + slug + ", endpoint=" + endpoint + ", provider=" + provider
        + ", signingSecrets=" + signingSecrets.size() + " (redacted), events=" + events + ", target=" + target
        + ", publicUrl=" + publicUrl + ", toleranceSeconds=" + toleranceSeconds + ", filter=" + filter
        + ", sourceRanges=" + sourceRanges + "]";
  }
}
