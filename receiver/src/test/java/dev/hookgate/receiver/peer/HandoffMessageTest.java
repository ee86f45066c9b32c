package dev.hookgate.receiver.peer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookgate.receiver.store.AttemptRecord;
import dev.hookgate.receiver.store.NewDelivery;
import dev.hookgate.receiver.store.StoredDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandoffMessageTest {

  @Test
  void aDeliveryComesBackAsItWasWithItsBodyBytesUntouched() {
    byte[] body = new byte[70_000];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i * 31);
    }
    NewDelivery delivery = new NewDelivery("gh", "shop/orders", "github", "push", "d-1", "d-1",
        Instant.parse("2026-11-22T10:00:00.123456789Z"),
        Map.of("X-GitHub-Delivery", List.of("d-1"), "X-Multi", List.of("a", "b")), body);

    byte[] message = HandoffMessage.write(delivery);
    HandoffMessage.Handoff read = HandoffMessage.read(message);

    assertThat(read.delivery()).usingRecursiveComparison().isEqualTo(delivery);
    assertThat(read.moved()).isNull();
    // the body follows the head as it is: not base64, not inside the JSON
    assertThat(message.length).isLessThan(body.length + 400);
  }

  @Test
  void aMovedDeliveryKeepsItsStateAttemptsAndHistory() {
    NewDelivery delivery = new NewDelivery("gh", "shop/orders", "github", "push", "d-2", "d-2",
        Instant.parse("2026-11-22T10:00:00Z"), Map.of("X-GitHub-Delivery", List.of("d-2")), "{}".getBytes(UTF_8));
    StoredDelivery deadLetter = new StoredDelivery(17, delivery, 2, StoredDelivery.State.DEAD_LETTERED,
        "HTTP 410 Gone", Instant.parse("2026-11-22T11:00:00Z"));
    List<AttemptRecord> history = List.of(
        new AttemptRecord(1, Instant.parse("2026-11-22T10:00:01Z"), 503, "HTTP 503", 12),
        new AttemptRecord(2, Instant.parse("2026-11-22T11:00:02Z"), 410, "HTTP 410 Gone", 7));

    HandoffMessage.Handoff read = HandoffMessage.read(HandoffMessage.write(deadLetter, history));

    assertThat(read.delivery()).usingRecursiveComparison().isEqualTo(delivery);
    assertThat(read.moved().state()).isEqualTo(StoredDelivery.State.DEAD_LETTERED);
    assertThat(read.moved().attempts()).isEqualTo(2);
    assertThat(read.moved().lastError()).isEqualTo("HTTP 410 Gone");
    assertThat(read.moved().queuedAt()).isEqualTo(Instant.parse("2026-11-22T11:00:00Z"));
    assertThat(read.history()).isEqualTo(history);
  }

  @Test
  void aDeliveredDeliveryDoesNotMove() {
    NewDelivery delivery = new NewDelivery("gh", "shop/orders", "github", "push", "d-3", "d-3",
        Instant.parse("2026-11-22T10:00:00Z"), Map.of(), "{}".getBytes(UTF_8));
    byte[] message = HandoffMessage.write(
        new StoredDelivery(3, delivery, 1, StoredDelivery.State.DELIVERED, null), List.of());
    assertThatThrownBy(() -> HandoffMessage.read(message)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void somethingElseIsRefused() {
    assertThatThrownBy(() -> HandoffMessage.read("{\"routeSlug\":\"gh\"}".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HandoffMessage.read(new byte[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HandoffMessage.read(new byte[] {0, 0, 0, 2, '{', '}'}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
