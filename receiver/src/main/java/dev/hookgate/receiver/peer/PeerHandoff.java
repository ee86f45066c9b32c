package dev.hookgate.receiver.peer;

import dev.hookgate.receiver.forward.UnreadResponses;
import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.NewDelivery;
import dev.hookgate.receiver.store.StoredDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.core.io.buffer.ByteArrayBufferFactory;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.client.RawHttpClient;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Hands a verified delivery to the receiver that owns its dedup key ({@link DedupOwners}), which stores it (or
 * finds it a duplicate) and answers once committed. Any failure (the owner unreachable, slow past
 * {@code hookgate.peers.timeout}, not serving the route yet, its store unavailable) is an empty answer: the caller
 * then stores the delivery itself, because losing it would be worse than delivering it twice.
 *
 * <p>{@code hookgate_receiver_peer_handoffs_total{outcome}} counts {@code stored}, {@code duplicate} and
 * {@code fallback} (stored here instead).
 */
@Singleton
public final class PeerHandoff {

  private static final Logger LOG = LoggerFactory.getLogger(PeerHandoff.class);
  static final String PATH = "/internal/handoff";
  static final String METER = "hookgate.receiver.peer.handoffs";

  private static final ByteBodyFactory BODIES = ByteBodyFactory.createDefault(ByteArrayBufferFactory.INSTANCE);

  private final RawHttpClient client;
  private final long timeoutMillis;
  private final Counter stored;
  private final Counter duplicate;
  private final Counter fallback;

  public PeerHandoff(RawHttpClient client, PeerConfig config, MeterRegistry registry) {
    this.client = client;
    this.timeoutMillis = config.timeout().toMillis();
    this.stored = counter(registry, HandoffMessage.STORED);
    this.duplicate = counter(registry, HandoffMessage.DUPLICATE);
    this.fallback = counter(registry, "fallback");
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder(METER)
        .description("Deliveries handed to the receiver that owns their dedup key, by what became of them")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** The owner's admission, or empty when the caller must store {@code delivery} itself. */
  public CompletableFuture<Optional<DeliveryStore.Admission>> handOff(URI owner, NewDelivery delivery) {
    return exchange(owner, PATH, HandoffMessage.MEDIA_TYPE, HandoffMessage.write(delivery))
        .handle((response, error) -> admission(owner, response, error))
        .completeOnTimeout(Optional.empty(), timeoutMillis, TimeUnit.MILLISECONDS)
        .thenApply(admission -> {
          admission.ifPresentOrElse(
              admitted -> (admitted instanceof DeliveryStore.Admission.Duplicate ? duplicate : stored).increment(),
              fallback::increment);
          return admission;
        });
  }

  /**
   * Moves a delivery a drain takes from this receiver's store to {@code receiver}, with its state and attempts
   * ({@link DeliveryStore#adopt}). Completes with the receiver's admission once it committed, or fails with a
   * {@link MoveFailed} that says why: then the delivery stays here.
   */
  CompletableFuture<DeliveryStore.Admission> move(URI receiver, StoredDelivery stored, List<AttemptRecord> history) {
    return send(receiver, PATH, HandoffMessage.MEDIA_TYPE, HandoffMessage.write(stored, history), response -> {
      DeliveryStore.Admission admission = response.code() == 200
          ? HandoffMessage.admissionOf(response.getHeaders()) : null;
      if (admission == null) {
        throw new MoveFailed(receiver + " answered " + response.code() + switch (response.code()) {
          case 404 -> ": it does not serve the delivery's route";
          case 503 -> ": it is draining too, or its store is unavailable";
          default -> "";
        });
      }
      return admission;
    });
  }

  /**
   * Copies dedup keys a drain takes from this receiver's store to {@code receiver} ({@link DedupKeysEndpoint}).
   * Completes once the receiver committed them, or fails with a {@link MoveFailed} that says why.
   */
  CompletableFuture<Void> copyKeys(URI receiver, List<DeliveryStore.DedupKey> keys) {
    return send(receiver, DedupKeysEndpoint.PATH, MediaType.APPLICATION_JSON, DedupKeysEndpoint.write(keys),
        taken(receiver, "the dedup keys"));
  }

  /**
   * Moves the totals a drain takes from this receiver's store to {@code receiver} ({@link EndpointTotalsEndpoint}),
   * as {@code transfer}. Completes once the receiver committed them (or had that transfer already), or fails with a
   * {@link MoveFailed} that says why.
   */
  CompletableFuture<Void> moveTotals(URI receiver, String transfer, List<DeliveryStore.EndpointTotals> totals) {
    return send(receiver, EndpointTotalsEndpoint.PATH, MediaType.APPLICATION_JSON,
        EndpointTotalsEndpoint.write(transfer, totals), taken(receiver, "the delivery totals"));
  }

  /** An answer that is 200, or a {@link MoveFailed} saying what {@code receiver} answered to {@code what}. */
  private static Function<HttpResponse<?>, Void> taken(URI receiver, String what) {
    return response -> {
      if (response.code() != 200) {
        throw new MoveFailed(receiver + " answered " + response.code() + " to " + what);
      }
      return null;
    };
  }

  /**
   * Posts {@code message} and reads the answer's status and headers with {@code answer} (its body is left unread);
   * fails with a {@link MoveFailed} when the receiver does not answer within {@code hookgate.peers.timeout}.
   */
  private <T> CompletableFuture<T> send(URI receiver, String path, String mediaType, byte[] message,
      Function<HttpResponse<?>, T> answer) {
    return exchange(receiver, path, mediaType, message)
        .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .handle((response, error) -> {
          if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            throw new MoveFailed(receiver + " did not answer: " + (cause instanceof TimeoutException
                ? "no answer within " + timeoutMillis + " ms" : cause.getMessage()));
          }
          try {
            return answer.apply(response);
          } finally {
            UnreadResponses.release(response);
          }
        });
  }

  /** A delivery could not be moved; the message says where to and why. */
  static final class MoveFailed extends RuntimeException {
    MoveFailed(String message) {
      super(message, null, false, false);
    }
  }

  private CompletableFuture<HttpResponse<?>> exchange(URI receiver, String path, String mediaType, byte[] message) {
    HttpRequest<?> request = HttpRequest.POST(receiver.resolve(path), null)
        .contentType(mediaType)
        .accept(MediaType.APPLICATION_JSON_TYPE);
    return Mono.<HttpResponse<?>>from(client.exchange(request, BODIES.adapt(message), null)).toFuture();
  }

  private static Optional<DeliveryStore.Admission> admission(URI owner, HttpResponse<?> response,
      Throwable error) {
    if (error != null) {
      Throwable cause = error.getCause() != null ? error.getCause() : error;
      LOG.debug("Hand-over to {} failed, storing here: {}", owner, cause.getMessage());
      return Optional.empty();
    }
    DeliveryStore.Admission admission = response.code() == 200 ? HandoffMessage.admissionOf(response.getHeaders())
        : null;
    UnreadResponses.release(response); // the answer is in the headers
    if (admission == null) {
      LOG.debug("Hand-over to {} answered {} without an admission, storing here", owner, response.code());
    }
    return Optional.ofNullable(admission);
  }
}
