package dev.hookgate.receiver.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A target Service on loopback: {@code /ok} answers 200, {@code /fail} 500, {@code /hang} never answers (until
 * closed), {@code /flaky} 500 as long as {@link #failFlaky} says so and 200 after, and any path given an answer
 * with {@link #answer} gives that answer. Every request is recorded with when it came.
 */
public final class StubTarget implements AutoCloseable {

  /** One request as the target saw it; header names case-insensitive. */
  public record Received(String path, Map<String, List<String>> headers, byte[] body, Instant at) {
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicInteger flakyFailures = new AtomicInteger();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  /** A status and response headers. */
  public record Answer(int status, Map<String, String> headers) {}

  public StubTarget() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** From now on, requests to {@code path} get {@code status} with {@code headers}. */
  public void answer(String path, int status, Map<String, String> headers) {
    answers.put(path, new Answer(status, headers));
  }

  /** The next {@code times} requests to {@code /flaky} get 500. */
  public void failFlaky(int times) {
    flakyFailures.set(times);
  }

  public BlockingQueue<Received> received() {
    return received;
  }

  /** Each value of {@code header} among the requests received so far, with how many requests carried it. */
  public Map<String, Long> countsOf(String header) {
    return received.stream().collect(Collectors.groupingBy(request -> request.header(header), Collectors.counting()));
  }

  /** The next request the target gets, waiting for it up to {@code timeout}; fails when none comes. */
  public Received next(Duration timeout) {
    try {
      Received next = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (next == null) {
        throw new AssertionError("the target got no request within " + timeout);
      }
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a request", e);
    }
  }

  /** The next request, within 10 s: deliveries reach the target asynchronously, after the provider's 2xx. */
  public Received next() {
    return next(Duration.ofSeconds(10));
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(exchange.getRequestHeaders());
    String path = exchange.getRequestURI().getPath();
    received.add(new Received(path, headers, exchange.getRequestBody().readAllBytes(), Instant.now()));
    Answer answer = answers.get(path);
    if (answer != null) {
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(answer.status(), -1);
      exchange.close();
      return;
    }
    switch (path) {
      case "/hang" -> awaitClose();
      case "/fail" -> exchange.sendResponseHeaders(500, -1);
      case "/flaky" -> exchange.sendResponseHeaders(flakyFailures.getAndDecrement() > 0 ? 500 : 200, -1);
      default -> exchange.sendResponseHeaders(200, -1);
    }
    exchange.close();
  }

  private void awaitClose() {
    try {
      closing.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
