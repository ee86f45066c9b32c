package dev.hookgate.receiver.dispatch;

import java.time.Instant;

/** What to do with a delivery after an attempt. */
sealed interface Decision {

  record Delivered() implements Decision {}

  /** Try again, not before {@code at}. */
  record Retry(Instant at) implements Decision {}

  /** No more attempts; {@code reason} goes into the delivery's history and the endpoint's last error. */
  record DeadLetter(String reason) implements Decision {}
}
