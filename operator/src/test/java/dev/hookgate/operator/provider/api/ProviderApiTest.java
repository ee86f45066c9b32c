package dev.hookgate.operator.provider.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider API client against a real HTTP server on loopback: bodies, headers, and how failures are classed. */
class ProviderApiTest {

  private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

  private HttpServer server;
  private ProviderApi api;
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
          + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
      String path = exchange.getRequestURI().getPath();
      int status = 200;
      switch (path) {
        case "/api/v3/limited" -> {
          status = 429;
          exchange.getResponseHeaders().add("Retry-After", "30");
        }
        case "/api/v3/exhausted" -> {
          status = 403;
          exchange.getResponseHeaders().add("x-ratelimit-remaining", "0");
          exchange.getResponseHeaders().add("x-ratelimit-reset", String.valueOf(NOW.getEpochSecond() + 600));
        }
        case "/api/v3/forbidden" -> status = 403;
        case "/api/v3/broken" -> status = 502;
        case "/api/v3/missing" -> status = 404;
        default -> { }
      }
      byte[] reply = ("{\"message\":\"answer to " + path + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    server.start();
    api = new ProviderApi(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3"),
        Duration.ofSeconds(5), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    api.close();
    server.stop(0);
  }

  @Test
  void sendsTheBodyAndHeadersAndReadsTheAnswer() throws Exception {
    ProviderResponse response = api.send("POST", "/repos/o/r/hooks", Map.of("Authorization", "Bearer t0ken"),
        "{\"a\":1}").requireSuccess("creating a hook");

    assertThat(response.json().path("message").asText()).isEqualTo("answer to /api/v3/repos/o/r/hooks");
    assertThat(received).containsExactly("POST /api/v3/repos/o/r/hooks Bearer t0ken {\"a\":1}");
  }

  @Test
  void notFoundComesBackAsAnAnswerForTheRegistrarToInterpret() throws Exception {
    assertThat(api.send("GET", "/missing", Map.of(), null).status()).isEqualTo(404);
  }

  @Test
  void failuresAreClassified() {
    assertThatThrownBy(() -> api.send("GET", "/limited", Map.of(), null).requireSuccess("listing"))
        .isInstanceOfSatisfying(ProviderApiException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
          assertThat(e.retryNotBefore()).isEqualTo(NOW.plusSeconds(30));
        });
    assertThatThrownBy(() -> api.send("GET", "/exhausted", Map.of(), null).requireSuccess("listing"))
        .isInstanceOfSatisfying(ProviderApiException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
          assertThat(e.retryNotBefore()).isEqualTo(NOW.plusSeconds(600));
        });
    assertThatThrownBy(() -> api.send("GET", "/forbidden", Map.of("Authorization", "Bearer s3cret"), null)
            .requireSuccess("listing"))
        .isInstanceOfSatisfying(ProviderApiException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.CREDENTIALS_INVALID);
          assertThat(e.getMessage()).doesNotContain("s3cret");
        });
    assertThatThrownBy(() -> api.send("GET", "/broken", Map.of(), null).requireSuccess("listing"))
        .isInstanceOfSatisfying(ProviderApiException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.PROVIDER_UNAVAILABLE));
  }

  @Test
  void noAnswerIsProviderUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (ProviderApi down = new ProviderApi(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(2),
        Clock.systemUTC())) {
      assertThatThrownBy(() -> down.send("GET", "/hooks", Map.of(), null))
          .isInstanceOfSatisfying(ProviderApiException.class,
              e -> assertThat(e.kind()).isEqualTo(FailureKind.PROVIDER_UNAVAILABLE));
    }
  }

  @Test
  void aLongProviderMessageIsCutAtASpaceSoNoEchoedTokenIsCutInTwo() {
    String token = "ghp_" + "x".repeat(40);
    String message = "a".repeat(180) + " " + token + " trailing words";

    String shortened = ProviderResponse.shortened(message);

    assertThat(shortened).doesNotContain("ghp_").endsWith("...");
    assertThat(ProviderResponse.shortened("short " + token)).isEqualTo("short " + token);
  }
}
