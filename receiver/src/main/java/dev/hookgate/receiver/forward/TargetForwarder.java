package dev.hookgate.receiver.forward;

import dev.hookgate.receiver.store.StoredDelivery;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.Target.OutputFormat;
import io.micronaut.core.io.buffer.ByteArrayBufferFactory;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * Makes one attempt to hand a stored delivery to its route's target, non-blocking: the same body bytes, with the
 * headers of the target's output format. Retrying is the dispatcher's business.
 */
@Singleton
public class TargetForwarder {

  private static final ByteBodyFactory BODIES = ByteBodyFactory.createDefault(ByteArrayBufferFactory.INSTANCE);
  private static final Map<OutputFormat, DeliveryFormat> FORMATS = new EnumMap<>(Map.of(
      OutputFormat.RAW, new RawFormat(),
      OutputFormat.CLOUDEVENTS, new CloudEventsFormat()));

  // The raw client sends the body bytes as they are; the ordinary client would re-encode form bodies.
  private final RawHttpClient client;
  private final Clock clock;

  public TargetForwarder(RawHttpClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** @param attempt 1 for the first attempt; the target sees it in {@code X-Hookgate-Attempt} */
  public CompletableFuture<ForwardResult> forward(Route route, StoredDelivery delivery, int attempt) {
    MutableHttpRequest<?> request = HttpRequest.POST(route.target().url().toString(), null);
    FORMATS.get(route.target().format()).headers(route, delivery, attempt)
        .forEach((name, values) -> values.forEach(value -> request.header(name, value)));

    CompletableFuture<HttpResponse<?>> response = Mono.<HttpResponse<?>>from(
        client.exchange(request, BODIES.adapt(delivery.delivery().body()), null)).toFuture();
    // Timing out does not cancel the exchange (the client would not close the connection anyway, and would report
    // the late outcome as a dropped error): a late response is still read and closed, just no longer waited for.
    return response
        .handle(this::outcome)
        .completeOnTimeout(ForwardResult.failed("timed out"), route.target().timeoutMillis(), TimeUnit.MILLISECONDS);
  }

  private ForwardResult outcome(HttpResponse<?> response, Throwable error) {
    if (response != null) {
      ForwardResult result = resultOf(response);
      UnreadResponses.release(response); // the target's answer body is not needed
      return result;
    }
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HttpClientResponseException e) {
      return resultOf(e.getResponse());
    }
    return ForwardResult.failed(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
  }

  private ForwardResult resultOf(HttpResponse<?> response) {
    return ForwardResult.status(response.code(),
        RetryAfter.parse(response.getHeaders().get(HttpHeaders.RETRY_AFTER), clock.instant()));
  }
}
