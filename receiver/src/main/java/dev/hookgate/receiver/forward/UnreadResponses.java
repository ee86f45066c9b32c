package dev.hookgate.receiver.forward;

import io.micronaut.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers whose body is not read (a target's, a hand-over's): closed, so the connection goes back to the pool. */
public final class UnreadResponses {

  private static final Logger LOG = LoggerFactory.getLogger(UnreadResponses.class);

  private UnreadResponses() {}

  public static void release(HttpResponse<?> response) {
    if (response instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.debug("Could not close a response", e);
      }
    }
  }
}
