package dev.hookgate.receiver.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.DeliveryStore.EndpointTotals;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Write;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /internal/endpoint-totals} on the internal port: the totals received and delivered a draining receiver
 * counted ({@link ReceiverDrain}), added to this one's so that an endpoint's status.deliveries does not drop when the
 * drained receiver goes. A JSON object: {@code {"transfer": "...", "totals": [{"endpoint": "ns/name", "received": 3,
 * "delivered": 2, "lastReceivedAt": "2026-11-23T10:00:00Z"}, ...]}}; a transfer is added once, however often it is
 * sent. 200 once committed; 400 for anything else, 503 while this receiver drains too or its store cannot commit.
 */
@Endpoint(id = "endpoint-totals", defaultSensitive = false)
public class EndpointTotalsEndpoint {

  static final String PATH = "/internal/endpoint-totals";
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Transfer(String transfer, List<Totals> totals) {}

  private record Totals(String endpoint, long received, long delivered, String lastReceivedAt) {}

  /** A transfer as read: its id and the totals it moves. */
  record Moved(String transfer, List<EndpointTotals> totals) {}

  private final DeliveryStore store;
  private final ReceiverDrain drain;

  public EndpointTotalsEndpoint(DeliveryStore store, ReceiverDrain drain) {
    this.store = store;
    this.drain = drain;
  }

  @Write(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<String>> adopt(@Body byte[] message) {
    return HandoffEndpoint.storeFromPeer(drain, message, EndpointTotalsEndpoint::read,
        "{\"error\":\"not a transfer of delivery totals\"}",
        moved -> store.adoptEndpointTotals(moved.transfer(), moved.totals()),
        added -> "{\"added\":" + added + "}");
  }

  static byte[] write(String transfer, List<EndpointTotals> totals) {
    try {
      return JSON.writeValueAsBytes(new Transfer(transfer, totals.stream()
          .map(one -> new Totals(one.endpoint(), one.received(), one.delivered(),
              one.lastReceivedAt() == null ? null : one.lastReceivedAt().toString()))
          .toList()));
    } catch (IOException e) {
      throw new IllegalArgumentException("delivery totals cannot be written as JSON", e);
    }
  }

  /** @throws IllegalArgumentException when {@code message} is not a transfer of totals */
  static Moved read(byte[] message) {
    try {
      Transfer transfer = JSON.readValue(message, Transfer.class);
      if (transfer.transfer() == null || transfer.transfer().isEmpty()) {
        throw new IllegalArgumentException("no transfer id");
      }
      return new Moved(transfer.transfer(),
          transfer.totals().stream().map(EndpointTotalsEndpoint::totals).toList());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a transfer of delivery totals: " + e.getMessage(), e);
    }
  }

  private static EndpointTotals totals(Totals one) {
    if (one.endpoint() == null || one.endpoint().isEmpty() || one.received() < 0 || one.delivered() < 0) {
      throw new IllegalArgumentException("an endpoint's totals need its name and counts of zero or more");
    }
    try {
      return new EndpointTotals(one.endpoint(), one.received(), one.delivered(),
          one.lastReceivedAt() == null ? null : Instant.parse(one.lastReceivedAt()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("lastReceivedAt is not a time", e);
    }
  }
}
