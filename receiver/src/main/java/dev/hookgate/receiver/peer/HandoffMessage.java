package dev.hookgate.receiver.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.receiver.store.DeliveryStore;
import dev.hookgate.receiver.store.NewDelivery;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * What one receiver sends another at {@code POST /internal/handoff}: a verified delivery as JSON (its body base64),
 * and the answer in two headers, {@code Hookgate-Admission: stored} with {@code Hookgate-Delivery-Id: 42} (the id in
 * the owner's store) or {@code Hookgate-Admission: duplicate} (a body repeats them as JSON, for people).
 */
final class HandoffMessage {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String STORED = "stored";
  static final String DUPLICATE = "duplicate";

  private record Delivery(String routeSlug, String endpoint, String provider, String eventType,
      String providerDeliveryId, String dedupKey, String receivedAt, Map<String, List<String>> headers,
      byte[] body) {}

  static final String ADMISSION_HEADER = "Hookgate-Admission";
  static final String ID_HEADER = "Hookgate-Delivery-Id";

  private record Answer(String admission, Long id) {}

  private HandoffMessage() {}

  static byte[] write(NewDelivery delivery) {
    try {
      return JSON.writeValueAsBytes(new Delivery(delivery.routeSlug(), delivery.endpoint(), delivery.provider(),
          delivery.eventType(), delivery.providerDeliveryId(), delivery.dedupKey(), delivery.receivedAt().toString(),
          delivery.headers(), delivery.body()));
    } catch (IOException e) {
      throw new IllegalArgumentException("a delivery cannot be written as JSON", e);
    }
  }

  /** @throws IllegalArgumentException when {@code json} is not a hand-over */
  static NewDelivery read(byte[] json) {
    try {
      Delivery read = JSON.readValue(json, Delivery.class);
      return new NewDelivery(read.routeSlug(), read.endpoint(), read.provider(), read.eventType(),
          read.providerDeliveryId(), read.dedupKey(), Instant.parse(read.receivedAt()), read.headers(), read.body());
    } catch (IOException | NullPointerException | DateTimeParseException e) {
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
