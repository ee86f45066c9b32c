package dev.hookgate.receiver.peer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.NewDelivery;
import dev.hookgate.receiver.store.StoredDelivery;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one receiver sends another at {@code POST /internal/handoff} ({@value #MEDIA_TYPE}): a verified delivery as
 * the length of a JSON object (4 bytes, big-endian), that object (everything but the body), then the body bytes as
 * received, so a body is neither copied into base64 nor parsed as JSON. The answer is in two headers,
 * {@code Hookgate-Admission: stored} with {@code Hookgate-Delivery-Id: 42} (the id in the owner's store) or
 * {@code Hookgate-Admission: duplicate} (a body repeats them as JSON, for people).
 *
 * <p>A delivery a drain moves ({@link ReceiverDrain}) also carries where it was in its life: its state (pending or a
 * dead letter), attempts, last error, when it was queued, and its attempts' history.
 */
final class HandoffMessage {

  static final String MEDIA_TYPE = "application/vnd.hookgate.handoff";
  static final String ADMISSION_HEADER = "Hookgate-Admission";
  static final String ID_HEADER = "Hookgate-Delivery-Id";
  static final String STORED = "stored";
  static final String DUPLICATE = "duplicate";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The head: everything of a delivery but its body; {@code moved} only for a delivery a drain moves. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private record Delivery(String routeSlug, String endpoint, String provider, String eventType,
      String providerDeliveryId, String dedupKey, String receivedAt, Map<String, List<String>> headers,
      Moved moved) {}

  private record Moved(StoredDelivery.State state, int attempts, String lastError, String queuedAt,
      List<Attempt> history) {}

  private record Attempt(int attempt, String at, int status, String detail, long durationMillis) {}

  /**
   * A hand-over as read: a delivery just received, or (with {@code moved}) one a drain moves, with its history.
   *
   * @param moved null for a delivery just received
   */
  record Handoff(NewDelivery delivery, StoredDelivery moved, List<AttemptRecord> history) {}

  private record Answer(String admission, Long id) {}

  private HandoffMessage() {}

  static byte[] write(NewDelivery delivery) {
    return write(delivery, null);
  }

  /** A delivery a drain moves: {@code stored} as it is in the draining receiver's store, with its attempts. */
  static byte[] write(StoredDelivery stored, List<AttemptRecord> history) {
    return write(stored.delivery(), new Moved(stored.state(), stored.attempts(), stored.lastError(),
        stored.queuedAt().toString(), history.stream().map(attempt -> new Attempt(attempt.attempt(),
            attempt.at().toString(), attempt.statusCode(), attempt.detail(), attempt.durationMillis())).toList()));
  }

  private static byte[] write(NewDelivery delivery, Moved moved) {
    byte[] head;
    try {
      head = JSON.writeValueAsBytes(new Delivery(delivery.routeSlug(), delivery.endpoint(), delivery.provider(),
          delivery.eventType(), delivery.providerDeliveryId(), delivery.dedupKey(), delivery.receivedAt().toString(),
          delivery.headers(), moved));
    } catch (IOException e) {
      throw new IllegalArgumentException("a delivery cannot be written as JSON", e);
    }
    return ByteBuffer.allocate(Integer.BYTES + head.length + delivery.body().length)
        .putInt(head.length)
        .put(head)
        .put(delivery.body())
        .array();
  }

  /** @throws IllegalArgumentException when {@code message} is not a hand-over */
  static Handoff read(byte[] message) {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(message);
      int headLength = buffer.getInt();
      if (headLength < 0 || headLength > buffer.remaining()) {
        throw new IllegalArgumentException("not a delivery hand-over: bad length");
      }
      Delivery read = JSON.readValue(message, Integer.BYTES, headLength, Delivery.class);
      byte[] body = Arrays.copyOfRange(message, Integer.BYTES + headLength, message.length);
      NewDelivery delivery = new NewDelivery(read.routeSlug(), read.endpoint(), read.provider(), read.eventType(),
          read.providerDeliveryId(), read.dedupKey(), Instant.parse(read.receivedAt()), read.headers(), body);
      Moved moved = read.moved();
      if (moved == null) {
        return new Handoff(delivery, null, List.of());
      }
      if (moved.state() == StoredDelivery.State.DELIVERED) {
        throw new IllegalArgumentException("not a delivery hand-over: a delivered delivery does not move");
      }
      List<AttemptRecord> history = moved.history() == null ? List.of() : moved.history().stream()
          .map(attempt -> new AttemptRecord(attempt.attempt(), Instant.parse(attempt.at()), attempt.status(),
              attempt.detail(), attempt.durationMillis()))
          .toList();
      return new Handoff(delivery, new StoredDelivery(0, delivery, moved.attempts(), moved.state(),
          moved.lastError(), Instant.parse(moved.queuedAt())), history);
    } catch (IOException | NullPointerException | DateTimeParseException | BufferUnderflowException e) {
      throw new IllegalArgumentException("not a delivery hand-over: " + e.getMessage(), e);
    }
  }

  /** The owner's answer: 200 with the admission in headers and body. */
  static HttpResponse<String> answer(DeliveryStore.Admission admission) {
    Answer answer = admission instanceof DeliveryStore.Admission.Stored stored ? new Answer(STORED, stored.id())
        : new Answer(DUPLICATE, null);
    try {
      MutableHttpResponse<String> response = HttpResponse.ok(JSON.writeValueAsString(answer));
      response.header(ADMISSION_HEADER, answer.admission());
      if (answer.id() != null) {
        response.header(ID_HEADER, answer.id().toString());
      }
      return response;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The admission an answer's headers report; null when they are not an answer. */
  static DeliveryStore.Admission admissionOf(HttpHeaders headers) {
    String admission = headers.get(ADMISSION_HEADER);
    if (DUPLICATE.equals(admission)) {
      return new DeliveryStore.Admission.Duplicate();
    }
    String id = headers.get(ID_HEADER);
    if (!STORED.equals(admission) || id == null) {
      return null;
    }
    try {
      return new DeliveryStore.Admission.Stored(Long.parseLong(id));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
