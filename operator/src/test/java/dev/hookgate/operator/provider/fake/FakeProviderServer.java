package dev.hookgate.operator.provider.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Plumbing for a fake provider API on loopback (JDK HTTP server): every request is recorded; replies can be
 * scripted ahead of the fake's own logic (a 401, a 403 with rate-limit headers, a 429, a 5xx), or the whole API
 * taken down. A fake subclasses it and answers in {@link #handle}.
 */
public abstract class FakeProviderServer implements AutoCloseable {

  protected static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the fake saw it. */
  public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A reply: status, headers and a body (JSON text or empty). */
  public record Reply(int status, Map<String, String> headers, String body) {
    public static Reply json(int status, Object body) {
      try {
        return new Reply(status, Map.of("Content-Type", "application/json"), JSON.writeValueAsString(body));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public static Reply status(int status) {
      return new Reply(status, Map.of(), "");
    }

    public static Reply error(int status, String message, Map<String, String> headers) {
      Map<String, String> all = new java.util.HashMap<>(headers);
      all.put("Content-Type", "application/json");
      return new Reply(status, all, "{\"message\":\"" + message + "\"}");
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Reply> scripted = new ArrayDeque<>();
  private Reply down;

  protected FakeProviderServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::serve);
    server.start();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers the next request with {@code reply}, before the fake's own logic (queued in order). */
  public synchronized void failNext(Reply reply) {
    scripted.add(reply);
  }

  /** Answers every request with {@code reply} until {@link #up()}; null for a working API. */
  public synchronized void down(Reply reply) {
    down = reply;
  }

  public synchronized void up() {
    down = null;
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  public synchronized void clearRequests() {
    requests.clear();
  }

  protected abstract Reply handle(Request request);

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      Request request = new Request(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
          Map.copyOf(exchange.getRequestHeaders()),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Reply reply;
      synchronized (this) {
        requests.add(request);
        reply = down != null ? down : scripted.poll();
        if (reply == null) {
          reply = handle(request);
        }
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
