package dev.hookgate.receiver.store;

/** The store reached its configured size bound: new deliveries are refused until pruning frees room. */
public class StoreFullException extends StoreUnavailableException {

  public StoreFullException(String message) {
    super(message, null);
  }
}
