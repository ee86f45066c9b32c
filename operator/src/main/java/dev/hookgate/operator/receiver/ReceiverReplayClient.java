package dev.hookgate.operator.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Asks receivers to put an endpoint's dead letters back into their queues: {@code POST <base>/internal/replay}
 * with {@code {"endpoint": "ns/name"}} (and {@code "since"}), all receivers at once. Each receiver has its own
 * store (or they share one PostgreSQL queue, where the first to answer replays them and the others find none).
 */
public class ReceiverReplayClient {

  public static final String PATH = "/internal/replay";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final Duration requestTimeout;

  public ReceiverReplayClient(Duration connectTimeout, Duration requestTimeout) {
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    this.requestTimeout = requestTimeout;
  }

  /** A replay of many thousand dead letters is one UPDATE per receiver: allowed more time than a status read. */
  public ReceiverReplayClient() {
    this(Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  /**
   * What one receiver answered.
   *
   * @param replayed how many dead letters it put back; meaningful only when {@code failure} is null
   * @param failure why it gave no count (no answer, an HTTP error, an unreadable reply); null when it answered
   */
  public record Answer(URI receiver, long replayed, String failure) {

    public boolean answered() {
      return failure == null;
    }
  }

  /** One answer per receiver, in order. */
  public List<Answer> replay(List<URI> receivers, String endpoint, Instant sinceOrNull) {
    ObjectNode body = JSON.createObjectNode().put("endpoint", endpoint);
    if (sinceOrNull != null) {
      body.put("since", sinceOrNull.toString());
    }
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<CompletableFuture<Answer>> answers = receivers.stream().map(receiver -> replay(receiver, bytes)).toList();
    return answers.stream().map(CompletableFuture::join).toList();
  }

  private CompletableFuture<Answer> replay(URI receiver, byte[] body) {
    HttpRequest request = HttpRequest.newBuilder(receiver.resolve(PATH))
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> read(receiver, response))
        .exceptionally(e -> new Answer(receiver, 0,
            "did not answer (" + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + ")"));
  }

  private static Answer read(URI receiver, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      return new Answer(receiver, 0, "answered HTTP " + response.statusCode());
    }
    try {
      JsonNode replayed = JSON.readTree(response.body()).get("replayed");
      return replayed != null && replayed.canConvertToLong()
          ? new Answer(receiver, replayed.asLong(), null)
          : new Answer(receiver, 0, "answered without a count");
    } catch (IOException e) {
      return new Answer(receiver, 0, "answered something other than JSON");
    }
  }
}
