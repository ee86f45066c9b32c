package dev.hookgate.receiver.testing;

import dev.hookgate.routing.ReceiverStatus;
import dev.hookgate.routing.RoutingJson;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.server.exceptions.ServerStartupException;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The receiver in this JVM on random ports, reading {@code routesFile}, its delivery store next to that file, with
 * short retry waits (backoff from 50 ms, at most 500 ms), and a plain JDK client to talk to it.
 */
public final class RunningReceiver implements AutoCloseable {

  public static final long MAX_BODY_BYTES = 64 * 1024;

  private static final int START_ATTEMPTS = 3;

  private EmbeddedServer server;
  private int internalPort;
  private final HttpClient client = HttpClient.newHttpClient();

  public RunningReceiver(Path routesFile) {
    this(routesFile, Map.of());
  }

  /** @param settings more configuration properties ({@code hookgate.trusted-proxies}, ...), applied last */
  public RunningReceiver(Path routesFile, Map<String, Object> settings) {
    // A port found free can be taken by another process before the server binds it (builds run side by side):
    // try again on fresh ports rather than fail the test on a race that has nothing to do with it.
    ServerStartupException lastFailure = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = freePort();
      Map<String, Object> properties = new HashMap<>();
      properties.put("micronaut.server.port", -1);
      properties.put("endpoints.all.port", port);
      properties.put("hookgate.routes-file", routesFile.toString());
      properties.put("hookgate.reload-interval", "20ms");
      properties.put("hookgate.max-body-bytes", MAX_BODY_BYTES);
      properties.put("hookgate.store.path", routesFile.resolveSibling("deliveries.db").toString());
      properties.put("hookgate.dispatch.poll-interval", "20ms");
      properties.put("hookgate.dispatch.backoff-base", "50ms");
      properties.put("hookgate.dispatch.backoff-cap", "500ms");
      properties.putAll(settings);
      try {
        this.server = ApplicationContext.run(EmbeddedServer.class, properties);
        this.internalPort = ((Number) properties.get("endpoints.all.port")).intValue(); // settings may fix it
        return;
      } catch (ServerStartupException e) {
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  public ApplicationContext context() {
    return server.getApplicationContext();
  }

  public URI publicUri(String path) {
    return URI.create("http://127.0.0.1:" + server.getPort() + path);
  }

  public URI internalUri(String path) {
    return URI.create("http://127.0.0.1:" + internalPort + path);
  }

  public HttpResponse<String> post(String slug, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(publicUri("/h/" + slug)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return send(request.build());
  }

  /**
   * POSTs a GitHub {@code push} delivery to {@code slug}: body {@code {"delivery":"<deliveryId>"}}, delivery id
   * {@code deliveryId}, signed with {@code secret}.
   */
  public HttpResponse<String> postGitHubPush(String slug, String secret, String deliveryId) {
    byte[] body = ("{\"delivery\":\"" + deliveryId + "\"}").getBytes(StandardCharsets.UTF_8);
    return post(slug, Signatures.gitHubPush(secret, deliveryId, body), body);
  }

  /** GETs {@code /h/{slugAndQuery}} with {@code headers} (Twilio's callbacks can be GETs). */
  public HttpResponse<String> getWebhook(String slugAndQuery, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(publicUri("/h/" + slugAndQuery)).GET();
    headers.forEach(request::header);
    return send(request.build());
  }

  /** POSTs {@code body} as {@code contentType} (to the internal port). */
  public HttpResponse<String> post(URI uri, String contentType, byte[] body) {
    return send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  /** POSTs a JSON body (to the admin API on the internal port). */
  public HttpResponse<String> postJson(URI uri, String json) {
    return post(uri, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).GET().build());
  }

  public HttpResponse<String> delete(URI uri) {
    return send(HttpRequest.newBuilder(uri).DELETE().build());
  }

  /** {@code GET /internal/routes}, parsed the way the operator parses it. */
  public ReceiverStatus status() {
    HttpResponse<String> response = get(internalUri("/internal/routes"));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/internal/routes answered " + response.statusCode());
    }
    return RoutingJson.readStatus(response.body().getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.getApplicationContext().close();
  }
}
