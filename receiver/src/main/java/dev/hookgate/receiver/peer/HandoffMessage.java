package dev.hookgate.receiver.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.NewDelivery;
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
 */
final class HandoffMessage {

  static final String MEDIA_TYPE = "application/vnd.hookgate.handoff";
  static final String ADMISSION_HEADER = "Hookgate-Admission";
  static final String ID_HEADER = "Hookgate-Delivery-Id";
  static final String STORED = "stored";
  static final String DUPLICATE = "duplicate";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The head: everything of a delivery but its body. */
  private record Delivery(String routeSlug, String endpoint, String provider, String eventType,
      String providerDeliveryId, String dedupKey, String receivedAt, Map<String, List<String>> headers) {}

  private record Answer(String admission, Long id) {}

  private HandoffMessage() {}

  static byte[] write(NewDelivery delivery) {
    byte[] head;
    try {
      head = JSON.writeValueAsBytes(new Delivery(delivery.routeSlug(), delivery.endpoint(), delivery.provider(),
          delivery.eventType(), delivery.providerDeliveryId(), delivery.dedupKey(), delivery.receivedAt().toString(),
          delivery.headers()));
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
  static NewDelivery read(byte[] message) {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(message);
      int headLength = buffer.getInt();
      if (headLength < 0 || headLength > buffer.remaining()) {
        throw new IllegalArgumentException("not a delivery hand-over: bad length");
      }
      Delivery read = JSON.readValue(message, Integer.BYTES, headLength, Delivery.class);
      byte[] body = Arrays.copyOfRange(message, Integer.BYTES + headLength, message.length);
      return new NewDelivery(read.routeSlug(), read.endpoint(), read.provider(), read.eventType(),
          read.providerDeliveryId(), read.dedupKey(), Instant.parse(read.receivedAt()), read.headers(), body);
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
