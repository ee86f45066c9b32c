package dev.hookgate.operator.receiver;

import dev.hookgate.routing.ReceiverStatus;
import dev.hookgate.routing.RoutingJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks receivers {@code GET <base>/internal/routes}, all at once, with short timeouts. */
public class ReceiverStatusClient {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiverStatusClient.class);
  public static final String PATH = "/internal/routes";

  private final HttpClient http;
  private final Duration requestTimeout;

  public ReceiverStatusClient(Duration connectTimeout, Duration requestTimeout) {
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    this.requestTimeout = requestTimeout;
  }

  public ReceiverStatusClient() {
    this(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  /** One entry per receiver, in order; empty for a receiver that did not answer with a readable report. */
  public List<Optional<ReceiverStatus>> fetchAll(List<URI> receivers) {
    List<CompletableFuture<Optional<ReceiverStatus>>> answers = receivers.stream().map(this::fetch).toList();
    return answers.stream().map(CompletableFuture::join).toList();
  }

  private CompletableFuture<Optional<ReceiverStatus>> fetch(URI base) {
    URI uri = base.resolve(PATH);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(response -> {
          if (response.statusCode() != 200) {
            LOG.debug("Receiver {} answered {}", uri, response.statusCode());
            return Optional.<ReceiverStatus>empty();
          }
          return Optional.of(RoutingJson.readStatus(response.body()));
        })
        .exceptionally(e -> {
          LOG.debug("Receiver {} did not answer: {}", uri, e.toString());
          return Optional.empty();
        });
  }
}
