package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ReplayStatus;
import dev.hookgate.operator.api.WebhookEndpoint;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A replay of dead letters asked for with annotations: {@value WebhookEndpoint#REPLAY} (any value; a new value is
 * a new request, as Flux's {@code reconcile.fluxcd.io/requestedAt}) and, optionally,
 * {@value WebhookEndpoint#REPLAY_SINCE}.
 *
 * @param token the replay annotation's value
 * @param since the replay-since annotation's value as written; null when absent
 */
public record ReplayRequest(String token, String since) {

  /** The request on {@code endpoint}; empty when it has no (or a blank) replay annotation. */
  public static Optional<ReplayRequest> of(WebhookEndpoint endpoint) {
    Map<String, String> annotations = endpoint.getMetadata().getAnnotations();
    String token = annotations == null ? null : annotations.get(WebhookEndpoint.REPLAY);
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    String since = annotations.get(WebhookEndpoint.REPLAY_SINCE);
    return Optional.of(new ReplayRequest(token.trim(), since == null || since.isBlank() ? null : since.trim()));
  }

  /** Whether {@code status} records this very request as done (a request still being retried is not). */
  public boolean doneIn(ReplayStatus status) {
    return status != null && status.getTime() != null && token.equals(status.getRequested())
        && Objects.equals(since, status.getSince());
  }

  /** The since time; null when absent. */
  public Instant sinceInstant() throws DateTimeParseException {
    return since == null ? null : Instant.parse(since);
  }
}
