package dev.hookgate.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An in-cluster service that receives verified events: records every request it gets and answers 200; or, for a
 * path told to {@link #answer} something else, answers that and records nothing (a target that is failing).
 */
public final class SampleTarget implements AutoCloseable {

  /** One request as the target saw it: path, headers (lower-cased names) and the exact body bytes. */
  public record ReceivedRequest(String path, Map<String, String> headers, byte[] body) {}

  private final HttpServer server;
  private final List<ReceivedRequest> received = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();

  private SampleTarget(HttpServer server) {
    this.server = server;
  }

  public static SampleTarget start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    SampleTarget target = new SampleTarget(server);
    server.createContext("/", target::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return target;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream body = exchange.getRequestBody()) {
      String path = exchange.getRequestURI().getPath();
      int status = statusByPath.getOrDefault(path, 200);
      if (status == 200) {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
            headers.put(name.toLowerCase(), String.join(",", values)));
        received.add(new ReceivedRequest(path, headers, body.readAllBytes()));
      }
      exchange.sendResponseHeaders(status, -1);
    }
  }

  /** From now on answers requests for {@code path} with {@code status} (200: received again). */
  public void answer(String path, int status) {
    statusByPath.put(path, status);
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<ReceivedRequest> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
