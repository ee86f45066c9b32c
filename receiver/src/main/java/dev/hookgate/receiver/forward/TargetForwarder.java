package dev.hookgate.receiver.forward;

import dev.hookgate.receiver.verify.InboundDelivery;
import dev.hookgate.routing.Route;
import io.micronaut.core.io.buffer.ByteArrayBufferFactory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Sends a verified delivery to its route's target, non-blocking: the same body bytes, the provider's headers
 * (minus hop-by-hop ones) and {@code X-Hookgate-*} headers saying which endpoint, event type and delivery it is.
 *
 * <p>One attempt, no retries: the sender learns the outcome and retries by itself. Durable ingest-and-defer will
 * replace this behind a {@code DeliveryStore}.
 */
@Singleton
public class TargetForwarder {

  private static final Logger LOG = LoggerFactory.getLogger(TargetForwarder.class);
  private static final ByteBodyFactory BODIES = ByteBodyFactory.createDefault(ByteArrayBufferFactory.INSTANCE);

  // The raw client sends the body bytes as they are; the ordinary client would re-encode form bodies.
  private final RawHttpClient client;

  public TargetForwarder(RawHttpClient client) {
    this.client = client;
  }

  public CompletableFuture<ForwardResult> forward(
      Route route, InboundDelivery delivery, String eventType, String deliveryId) {
    MutableHttpRequest<?> request = HttpRequest.POST(route.target().url().toString(), null);
    ForwardedHeaders.select(delivery.headers())
        .forEach((name, values) -> values.forEach(value -> request.header(name, value)));
    request.header(ForwardedHeaders.ENDPOINT, route.endpoint().qualifiedName());
    if (eventType != null) {
      request.header(ForwardedHeaders.EVENT_TYPE, eventType);
    }
    request.header(ForwardedHeaders.DELIVERY_ID, deliveryId != null ? deliveryId : UUID.randomUUID().toString());

    CompletableFuture<HttpResponse<?>> response =
        Mono.<HttpResponse<?>>from(client.exchange(request, BODIES.adapt(delivery.body()), null)).toFuture();
    // Timing out does not cancel the exchange (the client would not close the connection anyway, and would report
    // the late outcome as a dropped error): a late response is still read and closed, just no longer waited for.
    return response
        .handle(TargetForwarder::outcome)
        .completeOnTimeout(ForwardResult.failed("timed out"), route.target().timeoutMillis(), TimeUnit.MILLISECONDS);
  }

  private static ForwardResult outcome(HttpResponse<?> response, Throwable error) {
    if (response != null) {
      int status = response.code();
      close(response);
      return ForwardResult.status(status);
    }
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HttpClientResponseException e) {
      return ForwardResult.status(e.code());
    }
    return ForwardResult.failed(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
  }

  /** Releases the connection; the target's answer body is not needed. */
  private static void close(HttpResponse<?> response) {
    if (response instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.debug("Could not close a target response", e);
      }
    }
  }
}
