package dev.hookgate.receiver.forward;

/**
 * What became of one forwarding attempt.
 *
 * @param delivered true when the target answered 2xx
 * @param detail the target's status ("HTTP 500") or why there was none ("timed out"); for logs only
 */
public record ForwardResult(boolean delivered, String detail) {

  static ForwardResult status(int status) {
    return new ForwardResult(status >= 200 && status < 300, "HTTP " + status);
  }

  static ForwardResult failed(String detail) {
    return new ForwardResult(false, detail);
  }
}
