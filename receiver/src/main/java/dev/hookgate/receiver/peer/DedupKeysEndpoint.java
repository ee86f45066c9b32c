package dev.hookgate.receiver.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.DeliveryStore.DedupKey;
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
 * {@code POST /internal/dedup-keys} on the internal port: dedup keys another receiver copies to this one, their
 * owner or backup ({@link ReceiverDrain}, {@link DedupKeyBackups}, {@link DedupKeyRebalance}), so a provider's retry
 * of an event that receiver stored is answered "duplicate" here once it is gone. A JSON object:
 * {@code {"keys": [{"slug": "...", "key": "...", "firstSeen": "2026-11-23T10:00:00Z"}, ...]}}. 200 once committed;
 * 400 for anything else, 503 while this receiver drains too or its store cannot commit.
 */
@Endpoint(id = "dedup-keys", defaultSensitive = false)
public class DedupKeysEndpoint {

  static final String PATH = "/internal/dedup-keys";
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Keys(List<Key> keys) {}

  private record Key(String slug, String key, String firstSeen) {}

  private final DeliveryStore store;
  private final ReceiverDrain drain;

  public DedupKeysEndpoint(DeliveryStore store, ReceiverDrain drain) {
    this.store = store;
    this.drain = drain;
  }

  @Write(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<String>> adopt(@Body byte[] message) {
    return HandoffEndpoint.storeFromPeer(drain, message, DedupKeysEndpoint::read,
        "{\"error\":\"not a list of dedup keys\"}",
        keys -> store.adoptDedupKeys(keys).thenApply(stored -> keys.size()), stored -> "{\"stored\":" + stored + "}");
  }

  static byte[] write(List<DedupKey> keys) {
    try {
      return JSON.writeValueAsBytes(new Keys(keys.stream()
          .map(key -> new Key(key.slug(), key.key(), key.firstSeen().toString())).toList()));
    } catch (IOException e) {
      throw new IllegalArgumentException("dedup keys cannot be written as JSON", e);
    }
  }

  /** @throws IllegalArgumentException when {@code message} is not a list of dedup keys */
  static List<DedupKey> read(byte[] message) {
    try {
      Keys keys = JSON.readValue(message, Keys.class);
      return keys.keys().stream().map(key -> new DedupKey(require(key.slug()), require(key.key()),
          Instant.parse(key.firstSeen()))).toList();
    } catch (IOException | NullPointerException | DateTimeParseException e) {
      throw new IllegalArgumentException("not a list of dedup keys: " + e.getMessage(), e);
    }
  }

  private static String require(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("not a list of dedup keys: a slug or key is missing");
    }
    return value;
  }
}
