package dev.hookgate.receiver.http;

import dev.hookgate.receiver.config.ReceiverConfig;
import dev.hookgate.receiver.forward.TargetForwarder;
import dev.hookgate.receiver.route.CompiledRoute;
import dev.hookgate.receiver.route.LiveRoutes;
import dev.hookgate.receiver.route.RouteActivity;
import dev.hookgate.receiver.verify.InboundDelivery;
import dev.hookgate.receiver.verify.Verification;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /h/{slug}}: raw bytes in, status code out. Unknown slug 404 before any crypto; then content type,
 * signature, event filter; a verified delivery is answered 200 only once its target answered 2xx. Our own and
 * the target's failures are 503, never 4xx (GitLab disables a hook for good after 4xx answers).
 */
@Controller
public class WebhookController {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);

  private final LiveRoutes routes;
  private final RouteActivity activity;
  private final TargetForwarder forwarder;
  private final Clock clock;
  private final long maxBodyBytes;

  public WebhookController(
      LiveRoutes routes, RouteActivity activity, TargetForwarder forwarder, Clock clock, ReceiverConfig config) {
    this.routes = routes;
    this.activity = activity;
    this.forwarder = forwarder;
    this.clock = clock;
    this.maxBodyBytes = config.maxBodyBytes();
  }

  @Post(uri = "/h/{slug}", consumes = MediaType.ALL, produces = MediaType.TEXT_PLAIN)
  public CompletableFuture<HttpResponse<String>> receive(
      @PathVariable String slug, HttpRequest<?> request, @Nullable @Body byte[] body) {
    Optional<CompiledRoute> found = routes.routes().forSlug(slug);
    if (found.isEmpty()) {
      return reply(HttpStatus.NOT_FOUND, "no such webhook");
    }
    // The server refuses larger bodies earlier (max-request-size); this covers any path around that limit.
    if (body != null && body.length > maxBodyBytes) {
      return reply(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body too large");
    }
    CompiledRoute route = found.get();
    InboundDelivery delivery =
        new InboundDelivery(request.getHeaders().asMap(), body, request.getUri().getRawQuery());
    Verification verification = route.verify(delivery, clock.instant());
    if (verification instanceof Verification.Rejected rejected) {
      return reply(HttpStatus.valueOf(rejected.httpStatus()), rejected.reason());
    }
    if (verification instanceof Verification.Handshake handshake) {
      return CompletableFuture.completedFuture(HttpResponse.<String>status(HttpStatus.valueOf(handshake.httpStatus()))
          .contentType(handshake.contentType())
          .body(handshake.body()));
    }
    Verification.Accepted accepted = (Verification.Accepted) verification;
    if (!route.wants(accepted.eventType())) {
      activity.accepted(slug, clock.instant());
      return reply(HttpStatus.ACCEPTED, "filtered");
    }
    return forwarder.forward(route.route(), delivery, accepted.eventType(), accepted.deliveryId())
        .thenApply(result -> {
          if (result.delivered()) {
            activity.accepted(slug, clock.instant());
            return text(HttpStatus.OK, "delivered");
          }
          LOG.warn("Delivery to {} not accepted by its target: {}", route.route().endpoint().qualifiedName(),
              result.detail());
          return text(HttpStatus.SERVICE_UNAVAILABLE, "target unavailable, retry later");
        });
  }

  private static CompletableFuture<HttpResponse<String>> reply(HttpStatus status, String reason) {
    return CompletableFuture.completedFuture(text(status, reason));
  }

  private static HttpResponse<String> text(HttpStatus status, String reason) {
    return HttpResponse.<String>status(status).contentType(MediaType.TEXT_PLAIN_TYPE).body(reason);
  }
}
