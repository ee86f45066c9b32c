package dev.hookgate.receiver.peer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookgate.receiver.store.NewDelivery;
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
    NewDelivery read = HandoffMessage.read(message);

    assertThat(read).usingRecursiveComparison().isEqualTo(delivery);
    // the body follows the head as it is: not base64, not inside the JSON
    assertThat(message.length).isLessThan(body.length + 400);
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
