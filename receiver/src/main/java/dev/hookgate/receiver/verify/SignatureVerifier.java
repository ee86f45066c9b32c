package dev.hookgate.receiver.verify;

import dev.hookgate.routing.Route;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Checks deliveries exactly the way one provider signs them. Implementations are stateless. */
public interface SignatureVerifier {

  /**
   * @param delivery the request as received
   * @param secrets the route's signing secrets valid at {@code now}; any one matching is enough
   * @param route the route, for settings such as {@link Route#generic()}
   * @return {@link Verification.Accepted} or {@link Verification.Handshake} only for a genuine delivery;
   *     {@link Verification.Rejected} with 401 when unsigned, forged or stale, 400 when malformed
   */
  Verification verify(InboundDelivery delivery, List<byte[]> secrets, Route route, Instant now);

  /**
   * Whether this provider also calls with GET (parameters in the query, no body, no Content-Type); otherwise a GET
   * is answered 405.
   */
  default boolean acceptsGet() {
    return false;
  }

  /** Media types (lowercase, without parameters) this provider sends; empty means any. */
  default Set<String> contentTypes() {
    return Set.of();
  }

  /**
   * Turns one secret as the routing table carries it into the key {@link #verify} receives (by default its UTF-8
   * bytes). Called when a table is loaded, so a secret this provider cannot use refuses the table instead of
   * failing requests.
   *
   * @throws IllegalArgumentException without the secret's value in the message
   */
  default byte[] key(String secret) {
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("a signing secret must not be empty");
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Checks the route's provider settings when a table is loaded.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  default void checkRoute(Route route) {}
}
