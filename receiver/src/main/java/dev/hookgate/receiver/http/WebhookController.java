package dev.hookgate.receiver.http;

import dev.hookgate.receiver.CompletionFailures;
import dev.hookgate.receiver.config.ReceiverConfig;
import dev.hookgate.receiver.filter.PayloadFilter;
import dev.hookgate.receiver.forward.ForwardedHeaders;
import dev.hookgate.receiver.guard.ClientAddressResolver;
import dev.hookgate.receiver.guard.RejectionLimiter;
import dev.hookgate.receiver.http.ReceiverCounters.Outcome;
import dev.hookgate.receiver.peer.DedupOwners;
import dev.hookgate.receiver.peer.PeerHandoff;
import dev.hookgate.receiver.route.CompiledRoute;
import dev.hookgate.receiver.route.LiveRoutes;
import dev.hookgate.receiver.route.RouteActivity;
import dev.hookgate.receiver.store.DeliveryIntake;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.NewDelivery;
import dev.hookgate.receiver.store.StoreFullException;
import dev.hookgate.receiver.store.StoreUnavailableException;
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
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /h/{slug}} (and {@code GET} for the providers that call with it, Twilio): raw bytes in, status code
 * out. In order, each step cheaper than the next: unknown slug 404; a GET where the provider only POSTs 405; body cap
 * 413; source ranges 403; an address over its budget of failed verifications 429; signature
 * (401/400/415, or a handshake answered as is); event-type and CEL filters 202 "filtered" (not stored); then the
 * delivery is stored durably and answered 202 "accepted" only after the commit (200 "duplicate" when the store
 * already has it within the dedup window); the dispatcher delivers it, at once when it has room. When the store
 * cannot commit, 503, never 4xx (GitLab disables a hook for good after 4xx answers). With peers configured, a
 * delivery whose dedup key another receiver owns is stored by that receiver ({@link DedupOwners}), or here if it
 * cannot be reached.
 */
@Controller
public class WebhookController {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);

  private final LiveRoutes routes;
  private final RouteActivity activity;
  private final ClientAddressResolver clients;
  private final RejectionLimiter limiter;
  private final DeliveryIntake intake;
  private final DedupOwners owners;
  private final PeerHandoff handoff;
  private final ReceiverCounters counters;
  private final Clock clock;
  private final long maxBodyBytes;

  public WebhookController(LiveRoutes routes, RouteActivity activity, ClientAddressResolver clients,
      RejectionLimiter limiter, DeliveryIntake intake, DedupOwners owners, PeerHandoff handoff,
      ReceiverCounters counters, Clock clock, ReceiverConfig config) {
    this.routes = routes;
    this.activity = activity;
    this.clients = clients;
    this.limiter = limiter;
    this.intake = intake;
    this.owners = owners;
    this.handoff = handoff;
    this.counters = counters;
    this.clock = clock;
    this.maxBodyBytes = config.maxBodyBytes();
  }

  @Post(uri = "/h/{slug}", consumes = MediaType.ALL, produces = MediaType.TEXT_PLAIN)
  public CompletableFuture<HttpResponse<String>> receive(
      @PathVariable String slug, HttpRequest<?> request, @Nullable @Body byte[] body) {
    return receive(slug, request, new InboundDelivery(request.getHeaders().asMap(), body,
        request.getUri().getRawQuery()));
  }

  /** Twilio's callbacks can be GETs; every other provider's route answers 405. */
  @Get(uri = "/h/{slug}", produces = MediaType.TEXT_PLAIN)
  public CompletableFuture<HttpResponse<String>> receiveGet(@PathVariable String slug, HttpRequest<?> request) {
    return receive(slug, request, InboundDelivery.get(request.getHeaders().asMap(), request.getUri().getRawQuery()));
  }

  private CompletableFuture<HttpResponse<String>> receive(String slug, HttpRequest<?> request,
      InboundDelivery delivery) {
    try {
      return handle(slug, request, delivery).exceptionally(error -> internalFailure(error, null));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(internalFailure(e, null));
    }
  }

  private CompletableFuture<HttpResponse<String>> handle(String slug, HttpRequest<?> request,
      InboundDelivery delivery) {
    long startedNanos = System.nanoTime();
    Optional<CompiledRoute> found = routes.routes().forSlug(slug);
    if (found.isEmpty()) {
      return reply(Outcome.UNKNOWN_ENDPOINT, null, HttpStatus.NOT_FOUND, "no such webhook");
    }
    CompiledRoute route = found.get();
    String endpoint = route.route().endpoint().qualifiedName();
    if (delivery.isGet() && !route.acceptsGet()) {
      counters.count(Outcome.REJECTED_METHOD, endpoint);
      return CompletableFuture.completedFuture(text(HttpStatus.METHOD_NOT_ALLOWED, "this provider sends POST")
          .header(HttpHeaders.ALLOW, "POST"));
    }
    // The server refuses bodies past the cap plus a hand-over's headroom (RequestSizeLimit); these are the rest.
    if (delivery.body().length > maxBodyBytes) {
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
    return accepted(slug, route, delivery, (Verification.Accepted) verification, now, startedNanos,
        DeliveryIntake.eventLoopOf(request))
        .exceptionally(error -> internalFailure(error, endpoint));
  }

  /**
   * A genuine delivery: filtered out (202 "filtered", not stored), or stored and then answered 202 "accepted", or
   * 200 "duplicate" when the store already has it. 503 when the store cannot commit it: never 2xx before commit.
   */
  private CompletableFuture<HttpResponse<String>> accepted(
      String slug, CompiledRoute route, InboundDelivery delivery, Verification.Accepted accepted, Instant now,
      long startedNanos, Executor answeringThread) {
    String endpoint = route.route().endpoint().qualifiedName();
    InboundDelivery received = delivery.withQueryAsFormBody(); // a GET's parameters, as a POST would carry them
    Optional<Outcome> filtered = filteredOut(route, received, accepted.eventType());
    if (filtered.isPresent()) {
      activity.accepted(slug, now);
      return reply(filtered.get(), endpoint, HttpStatus.ACCEPTED, "filtered");
    }
    NewDelivery toStore = new NewDelivery(slug, endpoint, route.route().provider().wireName(),
        accepted.eventType(), accepted.deliveryId(), accepted.dedupKey(), now,
        ForwardedHeaders.select(received.headers()), received.body());
    Optional<URI> owner = owners.elsewhere(toStore);
    CompletableFuture<DeliveryStore.Admission> admitted = owner.isEmpty()
        ? intake.admit(toStore, answeringThread)
        : handoff.handOff(owner.get(), toStore).thenCompose(answer -> answer
            .map(CompletableFuture::completedFuture)
            .orElseGet(() -> intake.admit(toStore, answeringThread)));
    // The ack timeout covers a hand-over to the dedup key's owner and the local commit after a failed one.
    return intake.withinAckTimeout(admitted).handleAsync((admission, error) -> {
      if (error != null) {
        return storeFailure(error, endpoint);
      }
      activity.accepted(slug, now);
      if (admission instanceof DeliveryStore.Admission.Duplicate) {
        return count(Outcome.DEDUPLICATED, endpoint, text(HttpStatus.OK, "duplicate"));
      }
      counters.acknowledged(endpoint, Duration.ofNanos(System.nanoTime() - startedNanos));
      return count(Outcome.ACCEPTED, endpoint, text(HttpStatus.ACCEPTED, "accepted"));
    }, answeringThread);
  }

  private HttpResponse<String> storeFailure(Throwable error, String endpoint) {
    Throwable cause = CompletionFailures.cause(error);
    if (!(cause instanceof StoreUnavailableException) && !(cause instanceof TimeoutException)) {
      return internalFailure(cause, endpoint);
    }
    // The store logs the outage once; one line per refused request would flood the log during it.
    LOG.debug("Delivery to {} not stored, answered 503: {}", endpoint, cause.getMessage());
    Outcome outcome = cause instanceof StoreFullException ? Outcome.STORE_FULL : Outcome.STORE_UNAVAILABLE;
    return count(outcome, endpoint, text(HttpStatus.SERVICE_UNAVAILABLE, "temporarily unavailable, retry later"));
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
