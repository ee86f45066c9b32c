package dev.hookgate.operator.provider.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider API fake on a loopback port (JDK HTTP server): records every request, answers scripted failures
 * first ({@link #failNext}), refuses requests whose credentials are wrong with the provider's 401, and otherwise
 * lets the subclass answer from its state as the real API documents it.
 */
public abstract class LoopbackFakeApi implements AutoCloseable {

  private final HttpServer server;
  private final List<FakeRequest> requests = new CopyOnWriteArrayList<>();
  private final Queue<FakeReply> scripted = new ArrayDeque<>();

  protected LoopbackFakeApi() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", this::exchange);
    server.start();
  }

  /** http://127.0.0.1:port */
  public URI root() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<FakeRequest> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  /** The next request gets this reply, whatever it asks. */
  public synchronized void failNext(FakeReply reply) {
    scripted.add(reply);
  }

  /** From now on the port refuses connections. */
  public void stop() {
    server.stop(0);
  }

  @Override
  public void close() {
    stop();
  }

  /** Whether the request carries the credentials the provider accepts. */
  protected abstract boolean authorized(FakeRequest request);

  /** The provider's answer to a request without valid credentials. */
  protected abstract FakeReply unauthorized();

  /** Answers an authorized request from the fake's state. */
  protected abstract FakeReply answer(FakeRequest request);

  private void exchange(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
    FakeRequest request = new FakeRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestURI().getRawQuery(), headers,
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    requests.add(request);
    FakeReply reply;
    synchronized (this) {
      reply = scripted.poll();
      if (reply == null) {
        reply = authorized(request) ? answer(request) : unauthorized();
      }
    }
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
