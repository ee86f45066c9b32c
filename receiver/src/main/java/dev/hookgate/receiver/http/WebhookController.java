package dev.hookgate.receiver.http;

import dev.hookgate.receiver.config.ReceiverConfig;
import dev.hookgate.receiver.dedup.DeliveryDeduplicator;
import dev.hookgate.receiver.filter.PayloadFilter;
import dev.hookgate.receiver.forward.TargetForwarder;
import dev.hookgate.receiver.guard.ClientAddressResolver;
import dev.hookgate.receiver.guard.RejectionLimiter;
import dev.hookgate.receiver.http.ReceiverCounters.Outcome;
import dev.hookgate.receiver.route.CompiledRoute;
import dev.hookgate.receiver.route.LiveRoutes;
import dev.hookgate.receiver.route.RouteActivity;
import dev.hookgate.receiver.verify.InboundDelivery;
import dev.hookgate.receiver.verify.Verification;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /h/{slug}}: raw bytes in, status code out. In order, each step cheaper than the next: unknown slug
 * 404; body cap 413; source ranges 403; an address over its budget of failed verifications 429; signature
 * (401/400/415, or a handshake answered as is); duplicate 200; event-type and CEL filters 202; then a verified
 * delivery is answered 200 only once its target answered 2xx. Our own and the target's failures are 503, never
 * 4xx (GitLab disables a hook for good after 4xx answers).
 */
@Controller
public class WebhookController {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);

  private final LiveRoutes routes;
  private final RouteActivity activity;
  private final ClientAddressResolver clients;
  private final RejectionLimiter limiter;
  private final DeliveryDeduplicator deduplicator;
  private final TargetForwarder forwarder;
  private final ReceiverCounters counters;
  private final Clock clock;
  private final long maxBodyBytes;

  public WebhookController(LiveRoutes routes, RouteActivity activity, ClientAddressResolver clients,
      RejectionLimiter limiter, DeliveryDeduplicator deduplicator, TargetForwarder forwarder,
      ReceiverCounters counters, Clock clock, ReceiverConfig config) {
    this.routes = routes;
    this.activity = activity;
    this.clients = clients;
    this.limiter = limiter;
    this.deduplicator = deduplicator;
    this.forwarder = forwarder;
    this.counters = counters;
    this.clock = clock;
    this.maxBodyBytes = config.maxBodyBytes();
  }

  @Post(uri = "/h/{slug}", consumes = MediaType.ALL, produces = MediaType.TEXT_PLAIN)
  public CompletableFuture<HttpResponse<String>> receive(
      @PathVariable String slug, HttpRequest<?> request, @Nullable @Body byte[] body) {
    try {
      return handle(slug, request, body).exceptionally(error -> internalFailure(error, null));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(internalFailure(e, null));
    }
  }

  private CompletableFuture<HttpResponse<String>> handle(String slug, HttpRequest<?> request, byte[] body) {
    Optional<CompiledRoute> found = routes.routes().forSlug(slug);
    if (found.isEmpty()) {
      return reply(Outcome.UNKNOWN_ENDPOINT, null, HttpStatus.NOT_FOUND, "no such webhook");
    }
    CompiledRoute route = found.get();
    String endpoint = route.route().endpoint().qualifiedName();
    // The server refuses larger bodies earlier (max-request-size); this covers any path around that limit.
    if (body != null && body.length > maxBodyBytes) {
      return reply(Outcome.BODY_TOO_LARGE, endpoint, HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body too large");
    }
    Instant now = clock.instant();
    InetAddress client = clients.clientOf(
        request.getRemoteAddress().getAddress(), request.getHeaders().getAll(ClientAddressResolver.FORWARDED_FOR));
    if (!route.admits(client)) {
      return reply(Outcome.REJECTED_SOURCE_NOT_ALLOWED, endpoint, HttpStatus.FORBIDDEN, "source address not allowed");
    }
    Optional<Duration> blocked = limiter.blockedFor(client, now);
    if (blocked.isPresent()) {
      counters.count(Outcome.REJECTED_RATE_LIMITED, endpoint);
      return CompletableFuture.completedFuture(text(HttpStatus.TOO_MANY_REQUESTS, "too many rejected requests")
          .header(HttpHeaders.RETRY_AFTER, String.valueOf(blocked.get().toSeconds())));
    }

    InboundDelivery delivery = new InboundDelivery(request.getHeaders().asMap(), body, request.getUri().getRawQuery());
    Verification verification = route.verify(delivery, now);
    if (verification instanceof Verification.Rejected rejected) {
      if (rejected.httpStatus() == 400 || rejected.httpStatus() == 401) {
        limiter.rejected(client, now);
      }
      return reply(ReceiverCounters.rejectedWith(rejected.httpStatus()), endpoint,
          HttpStatus.valueOf(rejected.httpStatus()), rejected.reason());
    }
    if (verification instanceof Verification.Handshake handshake) {
      counters.count(Outcome.HANDSHAKE, endpoint);
      return CompletableFuture.completedFuture(HttpResponse.<String>status(HttpStatus.valueOf(handshake.httpStatus()))
          .contentType(handshake.contentType())
          .body(handshake.body()));
    }
    return accepted(slug, route, delivery, (Verification.Accepted) verification, now)
        .exceptionally(error -> internalFailure(error, endpoint));
  }

  /** A genuine delivery: dropped when seen before, filtered, or forwarded (marked first, forgotten on failure). */
  private CompletableFuture<HttpResponse<String>> accepted(
      String slug, CompiledRoute route, InboundDelivery delivery, Verification.Accepted accepted, Instant now) {
    String endpoint = route.route().endpoint().qualifiedName();
    String dedupKey = accepted.dedupKey();
    if (dedupKey != null) {
      switch (deduplicator.sight(slug, dedupKey, now)) {
        case DUPLICATE -> {
          activity.accepted(slug, now);
          return reply(Outcome.DEDUPLICATED, endpoint, HttpStatus.OK, "duplicate");
        }
        case IN_PROGRESS -> {
          return reply(Outcome.DUPLICATE_IN_PROGRESS, endpoint, HttpStatus.SERVICE_UNAVAILABLE,
              "the same delivery is in progress, retry later");
        }
        case FIRST -> { }
      }
    }
    try {
      Optional<Outcome> filtered = filteredOut(route, delivery, accepted.eventType());
      if (filtered.isPresent()) {
        settle(slug, dedupKey, true);
        activity.accepted(slug, now);
        return reply(filtered.get(), endpoint, HttpStatus.ACCEPTED, "filtered");
      }
      long started = System.nanoTime();
      return forwarder.forward(route.route(), delivery, accepted.eventType(), accepted.deliveryId())
          .handle((result, error) -> {
            boolean delivered = error == null && result.delivered();
            Outcome outcome = error != null ? Outcome.FAILED_INTERNAL
                : delivered ? Outcome.DELIVERED : Outcome.FAILED_TARGET;
            counters.forwarded(endpoint, outcome, Duration.ofNanos(System.nanoTime() - started));
            settle(slug, dedupKey, delivered);
            if (error != null) {
              return internalFailure(error, endpoint);
            }
            if (delivered) {
              activity.accepted(slug, clock.instant());
              return count(Outcome.DELIVERED, endpoint, text(HttpStatus.OK, "delivered"));
            }
            LOG.warn("Delivery to {} not accepted by its target: {}", endpoint, result.detail());
            return count(Outcome.FAILED_TARGET, endpoint,
                text(HttpStatus.SERVICE_UNAVAILABLE, "target unavailable, retry later"));
          });
    } catch (RuntimeException e) {
      settle(slug, dedupKey, false);
      throw e;
    }
  }

  private Optional<Outcome> filteredOut(CompiledRoute route, InboundDelivery delivery, String eventType) {
    if (!route.wants(eventType)) {
      return Optional.of(Outcome.FILTERED_EVENT_TYPE);
    }
    PayloadFilter.Outcome outcome = route.filter(delivery, eventType);
    return switch (outcome) {
      case PASSED -> Optional.empty();
      case FILTERED -> Optional.of(Outcome.FILTERED_EXPRESSION);
      case NOT_EVALUABLE -> {
        LOG.debug("Filter of {} could not be evaluated for a delivery: treated as not matching",
            route.route().endpoint().qualifiedName());
        yield Optional.of(Outcome.FILTER_NOT_EVALUABLE);
      }
    };
  }

  /** Tells the deduplicator how a marked delivery went: handled, or to be forgotten so a retry goes through. */
  private void settle(String slug, String dedupKey, boolean handled) {
    if (dedupKey == null) {
      return;
    }
    if (handled) {
      deduplicator.handedOn(slug, dedupKey, clock.instant());
    } else {
      deduplicator.forget(slug, dedupKey);
    }
  }

  /** Our own failure: 503 so the sender retries, and one WARN line (no stack trace per request). */
  private HttpResponse<String> internalFailure(Throwable error, @Nullable String endpoint) {
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    LOG.warn("Unexpected {} while handling a delivery; answered 503", cause.getClass().getName());
    LOG.debug("Unexpected failure while handling a delivery", cause);
    return count(Outcome.FAILED_INTERNAL, endpoint,
        text(HttpStatus.SERVICE_UNAVAILABLE, "temporarily unavailable, retry later"));
  }

  private CompletableFuture<HttpResponse<String>> reply(
      Outcome outcome, @Nullable String endpoint, HttpStatus status, String reason) {
    return CompletableFuture.completedFuture(count(outcome, endpoint, text(status, reason)));
  }

  private <T> T count(Outcome outcome, @Nullable String endpoint, T response) {
    counters.count(outcome, endpoint);
    return response;
  }

  private static MutableHttpResponse<String> text(HttpStatus status, String reason) {
    return HttpResponse.<String>status(status).contentType(MediaType.TEXT_PLAIN_TYPE).body(reason);
  }
}
