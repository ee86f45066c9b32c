package dev.hookgate.receiver.store;

/** The store cannot take or give deliveries right now (database down, disk full, file unwritable). */
public class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
