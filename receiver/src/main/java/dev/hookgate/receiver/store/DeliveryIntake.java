package dev.hookgate.receiver.store;

import dev.hookgate.receiver.config.StoreConfig;
import dev.hookgate.receiver.dispatch.Dispatcher;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Where a verified delivery enters this receiver's store: it is committed, then handed to the dispatcher (sent
 * straight from memory when the dispatcher has room, otherwise claimed from the store in its turn). Used for the
 * deliveries a provider sends here and for those another receiver hands over (the dedup owner's).
 */
@Singleton
public final class DeliveryIntake {

  private final DeliveryStore store;
  private final Dispatcher dispatcher;
  private final long ackTimeoutMillis;
  private final List<CommittedDedupKeys> keyListeners;

  public DeliveryIntake(DeliveryStore store, Dispatcher dispatcher, StoreConfig config,
      List<CommittedDedupKeys> keyListeners) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.ackTimeoutMillis = config.ackTimeout().toMillis();
    this.keyListeners = List.copyOf(keyListeners);
  }

  /**
   * Stores {@code delivery}. The future completes when the commit did (on the store's thread), with
   * {@link DeliveryStore.Admission.Duplicate} when the store already has its dedup key.
   *
   * @param handOffThread where the stored delivery is handed to the dispatcher: the request's event loop
   */
  public CompletableFuture<DeliveryStore.Admission> admit(NewDelivery delivery, Executor handOffThread) {
    Optional<Dispatcher.Reservation> reservation = dispatcher.reserve(delivery.body().length);
    CompletableFuture<DeliveryStore.Admission> admitted =
        store.admit(delivery, reservation.map(Dispatcher.Reservation::lease).orElse(null));
    admitted.whenCompleteAsync((admission, error) -> {
      if (admission instanceof DeliveryStore.Admission.Stored stored) {
        reservation.ifPresentOrElse(
            place -> place.handOff(new StoredDelivery(stored.id(), delivery, 0, StoredDelivery.State.PENDING, null)),
            dispatcher::wake);
        if (delivery.dedupKey() != null) {
          DeliveryStore.DedupKey key = new DeliveryStore.DedupKey(delivery.routeSlug(), delivery.dedupKey(),
              delivery.receivedAt());
          keyListeners.forEach(listener -> listener.committed(key));
        }
      } else {
        reservation.ifPresent(Dispatcher.Reservation::cancel);
      }
    }, handOffThread);
    return admitted;
  }

  /**
   * Stores a delivery a draining receiver moves here, with its state and attempts ({@link DeliveryStore#adopt}); a
   * pending one is claimed in its turn.
   */
  public CompletableFuture<DeliveryStore.Admission> adopt(StoredDelivery delivery, List<AttemptRecord> history) {
    CompletableFuture<DeliveryStore.Admission> adopted = store.adopt(delivery, history);
    if (delivery.state() == StoredDelivery.State.PENDING) {
      adopted.thenRun(dispatcher::wake);
    }
    return adopted;
  }

  /**
   * What a request answers from: {@code admitted} failed with a {@link java.util.concurrent.TimeoutException} once
   * the ack timeout ({@code hookgate.store.ack-timeout}) has passed. A store that hangs (a stuck volume) must not
   * hold the sender's request until it gives up: 503 after the timeout. A commit that lands later is harmless: it
   * is delivered, and the provider's retry is answered "duplicate". The timeout is on a copy, so the commit's own
   * future still hands the delivery to the dispatcher.
   */
  public CompletableFuture<DeliveryStore.Admission> withinAckTimeout(
      CompletableFuture<DeliveryStore.Admission> admitted) {
    return admitted.copy().orTimeout(ackTimeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * The request's own event loop, which writes its answer anyway. Left to the thread completing the commit, the
   * answers of a whole batch (and Micronaut's response pipeline) ran on the store's single writer thread, which is
   * the receiver's bottleneck under load.
   */
  public static Executor eventLoopOf(HttpRequest<?> request) {
    return request instanceof NettyHttpRequest<?> netty ? netty.getChannelHandlerContext().executor() : Runnable::run;
  }
}
