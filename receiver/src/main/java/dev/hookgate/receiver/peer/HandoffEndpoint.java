package dev.hookgate.receiver.peer;

import dev.hookgate.receiver.route.LiveRoutes;
import dev.hookgate.receiver.store.DeliveryIntake;
import dev.hookgate.receiver.store.DeliveryStore;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Write;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code POST /internal/handoff} on the internal port: a delivery another receiver verified and hands to this one,
 * the owner of its dedup key ({@link PeerHandoff}). Stored like one received here, and answered once committed:
 * 200 with the admission ({@link HandoffMessage}); 404 when this receiver does not serve the route (yet), 400 for a
 * body that is not a hand-over, 503 when the store cannot commit or this receiver is draining ({@link ReceiverDrain}).
 * A drain's moved deliveries (pending ones and dead letters, with their attempts) come the same way. The internal
 * port is open only to the operator and the receivers.
 */
@Endpoint(id = "handoff", defaultSensitive = false)
public class HandoffEndpoint {

  /* What the receivers' own endpoints (hand-overs, dedup keys) answer when this receiver cannot take anything. */
  static final String DRAINING = "{\"error\":\"this receiver is draining\"}";
  static final String SHARED_STORE = "{\"error\":\"this receiver's store is shared: nothing moves here\"}";

  private final LiveRoutes routes;
  private final DeliveryIntake intake;
  private final ReceiverDrain drain;

  public HandoffEndpoint(LiveRoutes routes, DeliveryIntake intake, ReceiverDrain drain) {
    this.routes = routes;
    this.intake = intake;
    this.drain = drain;
  }

  @Write(consumes = HandoffMessage.MEDIA_TYPE, produces = MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<String>> handOff(HttpRequest<?> request, @Body byte[] message) {
    if (drain.draining()) {
      return answer(HttpStatus.SERVICE_UNAVAILABLE, DRAINING);
    }
    HandoffMessage.Handoff handoff;
    try {
      handoff = HandoffMessage.read(message);
    } catch (IllegalArgumentException e) {
      return answer(HttpStatus.BAD_REQUEST, "{\"error\":\"not a delivery hand-over\"}");
    }
    if (routes.routes().forSlug(handoff.delivery().routeSlug()).isEmpty()) {
      return answer(HttpStatus.NOT_FOUND, "{\"error\":\"no such route here\"}");
    }
    CompletableFuture<DeliveryStore.Admission> stored;
    try {
      stored = handoff.moved() == null
          ? intake.admit(handoff.delivery(), DeliveryIntake.eventLoopOf(request))
          : intake.adopt(handoff.moved(), handoff.history());
    } catch (UnsupportedOperationException e) {
      return answer(HttpStatus.CONFLICT, SHARED_STORE);
    }
    return intake.withinAckTimeout(stored)
        .handle((admission, error) -> error != null
            ? HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).body("{\"error\":\"not stored\"}")
            : HandoffMessage.answer(admission));
  }

  /**
   * What the receivers' JSON writes to each other ({@link DedupKeysEndpoint}, {@link EndpointTotalsEndpoint}) answer:
   * 503 while this receiver drains, 400 with {@code unreadable} when {@code read} refuses the message (an
   * IllegalArgumentException), 409 from a shared store, 503 when the store cannot commit, else 200 with what
   * {@code answered} makes of {@code store}'s result.
   */
  static <T, R> CompletableFuture<HttpResponse<String>> storeFromPeer(ReceiverDrain drain, byte[] message,
      Function<byte[], T> read, String unreadable, Function<T, CompletableFuture<R>> store,
      Function<R, String> answered) {
    if (drain.draining()) {
      return answer(HttpStatus.SERVICE_UNAVAILABLE, DRAINING);
    }
    T parsed;
    try {
      parsed = read.apply(message);
    } catch (IllegalArgumentException e) {
      return answer(HttpStatus.BAD_REQUEST, unreadable);
    }
    try {
      return store.apply(parsed).handle((result, error) -> error != null
          ? HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).body("{\"error\":\"not stored\"}")
          : HttpResponse.ok(answered.apply(result)));
    } catch (UnsupportedOperationException e) {
      return answer(HttpStatus.CONFLICT, SHARED_STORE);
    }
  }

  static CompletableFuture<HttpResponse<String>> answer(HttpStatus status, String json) {
    return CompletableFuture.completedFuture(HttpResponse.<String>status(status).body(json));
  }
}
