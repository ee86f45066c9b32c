package dev.hookgate.receiver.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target that answers 200, after {@code answerAfter} (a slow target), and counts deliveries per provider delivery
 * id ({@code X-GitHub-Delivery}), and the times one arrived while another copy was in progress.
 */
public final class TrackingTarget implements AutoCloseable {

  private final HttpServer server;
  private final Duration answerAfter;
  private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
  private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
  private final AtomicInteger concurrentDuplicates = new AtomicInteger();

  public TrackingTarget() throws IOException {
    this(Duration.ZERO);
  }

  public TrackingTarget(Duration answerAfter) throws IOException {
    this.answerAfter = answerAfter;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
  }

  /** How many times each delivery id arrived. */
  public Map<String, AtomicInteger> deliveries() {
    return deliveries;
  }

  public int concurrentDuplicates() {
    return concurrentDuplicates.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String id = exchange.getRequestHeaders().getFirst("X-GitHub-Delivery");
    if (!inProgress.add(id)) {
      concurrentDuplicates.incrementAndGet();
    }
    try {
      exchange.getRequestBody().readAllBytes();
      deliveries.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
      if (!answerAfter.isZero()) {
        Thread.sleep(answerAfter.toMillis()); // the target's own slowness, not a wait of the test's
      }
      exchange.sendResponseHeaders(200, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inProgress.remove(id);
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
