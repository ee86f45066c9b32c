package dev.hookgate.receiver.peer;

import dev.hookgate.routing.RoutingJson;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.management.endpoint.annotation.Delete;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import io.micronaut.management.endpoint.annotation.Write;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /internal/drain} on the internal port ({@link ReceiverDrain}): {@code POST} starts draining this receiver
 * (202, or 409 with the reason when it cannot: a shared store, no peers), {@code GET} shows how far it got,
 * {@code DELETE} stops draining. Each answers the drain's progress as JSON; {@code phase} is {@code DRAINED} once
 * nothing is left here. {@code kubectl hookgate drain POD} drives it.
 */
@Endpoint(id = "drain", defaultSensitive = false)
public class DrainEndpoint {

  private final ReceiverDrain drain;

  public DrainEndpoint(ReceiverDrain drain) {
    this.drain = drain;
  }

  @Read(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> progress() {
    return HttpResponse.ok(json(drain.progress()));
  }

  @Write(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> start() {
    Optional<String> refused = drain.start();
    if (refused.isPresent()) {
      return HttpResponse.<String>status(HttpStatus.CONFLICT).body(json(Map.of("error", refused.get())));
    }
    return HttpResponse.<String>status(HttpStatus.ACCEPTED).body(json(drain.progress()));
  }

  @Delete(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> cancel() {
    drain.cancel();
    return HttpResponse.ok(json(drain.progress()));
  }

  private static String json(Object value) {
    return new String(RoutingJson.write(value), StandardCharsets.UTF_8);
  }
}
