package dev.hookgate.receiver.store;

/**
 * Hears the dedup key of each new delivery {@link DeliveryIntake} committed to this receiver's store: where the
 * receivers copy it to its backup ({@code peer.DedupKeyBackups}), so it outlives this receiver.
 */
public interface CommittedDedupKeys {

  /** Called on the request's thread once the delivery carrying {@code key} was committed; must not block. */
  void committed(DeliveryStore.DedupKey key);
}
