package dev.hookgate.receiver.http;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hookgate.receiver.guard.RejectionLimiter;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.StubTarget;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.EndpointRef;
import dev.hookgate.routing.GenericHmac;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.SigningSecret;
import dev.hookgate.routing.Target;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Throws {@value #REQUESTS} generated malformed and forged requests at a running receiver from
 * {@value #SENDERS} threads: random slugs, header names and values, bad hex and base64 signatures, headers over the
 * server's limit, non-UTF-8 and empty bodies, wrong content types, forged signatures on every kind of route, and
 * random {@code X-Forwarded-For} addresses through a trusted proxy, and a few genuine deliveries that the route's
 * CEL filter drops (never stored). Nothing may reach the target, nothing may be 5xx or logged as ERROR, and
 * memory must stay bounded.
 */
class MalformedFloodTest {

  private static final int REQUESTS = 10_000;
  private static final int SENDERS = 4;
  private static final int LIMITER_CAP = 500;
  private static final long HEAP_LIMIT_BYTES = 256L * 1024 * 1024;
  private static final String SECRET = "flood-secret";
  private static final String SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final List<String> SLUGS = List.of("gh", "sw", "gen", "gh-ranged", "gh-cel");
  private static final List<String> CONTENT_TYPES = List.of(
      "application/json", "application/json; charset=utf-8", "application/x-www-form-urlencoded", "text/plain",
      "multipart/form-data; boundary=xyz", "application/xml", "application/octet-stream", "%%%/;;;",
      "application/json; charset=nonsense", "text/html; charset=iso-8859-1");
  private static final String TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

  @TempDir static Path dir;
  private static StubTarget target;
  private static RunningReceiver receiver;
  private static ListAppender<ILoggingEvent> logged;
  private static Logger root;

  @BeforeAll
  static void start() throws Exception {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logged = new ListAppender<>(); // AppenderBase: appends are synchronized, so safe from many threads
    logged.start();
    root.addAppender(logged);

    target = new StubTarget();
    List<Route> routes = List.of(
        TestRoutes.route("gh", ProviderType.GITHUB, SECRET, target.url("/ok")),
        TestRoutes.route("sw", ProviderType.STANDARD_WEBHOOKS, SW_SECRET, target.url("/ok")),
        new Route("gen", new EndpointRef("shop", "gen", 1), ProviderType.GENERIC,
            new GenericHmac("X-Signature", GenericHmac.Algorithm.SHA512, GenericHmac.Encoding.BASE64, "", null, null),
            List.of(SigningSecret.current(SECRET)), List.of(), new Target(target.url("/ok"), 2_000)),
        TestRoutes.withSourceRanges(
            TestRoutes.route("gh-ranged", ProviderType.GITHUB, SECRET, target.url("/ok")), "198.51.100.0/24"),
        TestRoutes.withFilter(
            TestRoutes.route("gh-cel", ProviderType.GITHUB, SECRET, target.url("/ok")), "body.action == 'opened'"));
    Path file = TestRoutes.writeTable(dir, routes);
    receiver = new RunningReceiver(file, Map.of(
        "hookgate.trusted-proxies", "127.0.0.1/32",
        "hookgate.rejections.burst", 5,
        "hookgate.rejections.max-addresses", LIMITER_CAP));
  }

  @AfterAll
  static void stop() {
    root.detachAppender(logged);
    receiver.close();
    target.close();
  }

  /**
   * The server closes a connection after some refusals (413 among them); the client may already have picked that
   * pooled connection for the next request, which then fails before any byte of an answer. Like any HTTP sender,
   * try such a request once more on a fresh connection; a second failure is a real one.
   */
  private static int sendRetryingAStaleConnection(HttpClient client, HttpRequest request, LongAdder retries)
      throws IOException, InterruptedException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
        throw e;
      }
      retries.increment();
      // a client of its own: the shared one could hand out another pooled connection the server has just closed
      HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      return fresh.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }

  @Test
  void malformedAndForgedRequestsAreNeverForwardedNever5xxAndNeverLoggedAsErrors() throws Exception {
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    Map<Integer, LongAdder> hugeHeaderStatuses = new ConcurrentHashMap<>();
    List<String> transportErrors = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger sent = new AtomicInteger();
    LongAdder staleConnectionRetries = new LongAdder();
    long seed = Long.getLong("flood.seed", System.nanoTime()); // -Dflood.seed=N sends a printed run's requests again
    long started = System.nanoTime();

    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    List<Future<?>> senders = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      Random random = new Random(seed + s);
      senders.add(pool.submit(() -> {
        for (int i = 0; i < REQUESTS / SENDERS; i++) {
          RequestGenerator generator = new RequestGenerator(random);
          HttpRequest request = generator.next();
          try {
            int status = sendRetryingAStaleConnection(client, request, staleConnectionRetries);
            statuses.computeIfAbsent(status, key -> new LongAdder()).increment();
            if (generator.hugeHeader) {
              hugeHeaderStatuses.computeIfAbsent(status, key -> new LongAdder()).increment();
            }
          } catch (IOException e) {
            transportErrors.add(request.uri().getPath() + ": " + e);
          }
          sent.incrementAndGet();
        }
        return null;
      }));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).as("flood finished in bounded time").isTrue();
    for (Future<?> sender : senders) {
      sender.get();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long heapUsed = memory.getHeapMemoryUsage().getUsed();
    Map<String, Long> byClass = new TreeMap<>();
    statuses.forEach((status, count) -> byClass.merge(status / 100 + "xx", count.sum(), Long::sum));
    Map<Integer, Long> byStatus = new TreeMap<>();
    statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
    RejectionLimiter limiter = receiver.context().getBean(RejectionLimiter.class);
    ReceiverCounters counters = receiver.context().getBean(ReceiverCounters.class);
    Map<Integer, Long> hugeHeaders = new TreeMap<>();
    hugeHeaderStatuses.forEach((status, count) -> hugeHeaders.put(status, count.sum()));
    System.out.printf("Flood (seed %d): %d requests in %d ms; by class %s; by status %s; with a header of 4-18 kB %s;"
            + " transport errors %d (stale-connection retries %d); heap used after GC %d MB; limiter %d addresses;"
            + " counters %s%n",
        seed, sent.get(), took.toMillis(), byClass, byStatus, hugeHeaders, transportErrors.size(),
        staleConnectionRetries.sum(), heapUsed >> 20,
        limiter.trackedAddresses(), counters.snapshot());

    assertThat(sent.get()).isGreaterThanOrEqualTo(REQUESTS);
    assertThat(target.received()).as("nothing forged reaches the target").isEmpty();
    assertThat(byClass).as("no 5xx").doesNotContainKey("5xx");
    assertThat(transportErrors).as("every request got an answer").isEmpty();
    assertThat(staleConnectionRetries.sum()).as("requests that met a closed connection").isLessThan(REQUESTS / 100);
    assertThat(logged.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
        .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage()))
        .as("no ERROR log events").isEmpty();
    assertThat(counters.get(ReceiverCounters.Outcome.FAILED_INTERNAL)).isZero();
    assertThat(byStatus).as("the limiter engaged").containsKey(429);
    assertThat(hugeHeaders).as("headers over the server's limit were sent").isNotEmpty();
    assertThat(counters.get(ReceiverCounters.Outcome.FILTERED_EXPRESSION)).as("genuine, filtered").isPositive();
    assertThat(limiter.trackedAddresses()).isLessThanOrEqualTo(LIMITER_CAP);
    assertThat(heapUsed).as("heap used after GC").isLessThan(HEAP_LIMIT_BYTES);
  }

  /** One random request per call; all of them malformed or forged, except genuine ones the CEL filter drops. */
  private static final class RequestGenerator {

    private final Random random;
    boolean hugeHeader;

    RequestGenerator(Random random) {
      this.random = random;
    }

    HttpRequest next() {
      String slug = random.nextInt(10) == 0 ? randomSlug() : pick(SLUGS);
      byte[] body = body();
      HttpRequest.Builder request = HttpRequest.newBuilder(receiver.publicUri("/h/" + slug))
          .timeout(Duration.ofSeconds(30));
      String method = random.nextInt(50) == 0 ? pick(List.of("PUT", "GET", "DELETE", "PATCH")) : "POST";
      request.method(method, method.equals("GET") || method.equals("DELETE")
          ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      if (random.nextInt(10) != 0) {
        request.header("Content-Type", pick(CONTENT_TYPES));
      }
      if (slug.equals("gh-cel") && random.nextInt(4) == 0) {
        return genuineButFiltered(request);
      }
      switch (slug) {
        case "gh", "gh-ranged", "gh-cel" -> request.header("X-Hub-Signature-256", signature(() ->
            "sha256=" + HexFormat.of().formatHex(bytes(32))));
        case "sw" -> {
          request.header("webhook-id", pick(List.of("msg_" + random.nextInt(), "", randomToken(200))));
          request.header("webhook-timestamp", pick(List.of(
              String.valueOf(System.currentTimeMillis() / 1000), "-1", "99999999999999999999", "now", "")));
          request.header("webhook-signature", signature(() ->
              "v1," + Base64.getEncoder().encodeToString(bytes(32)) + " v1a,xyz v2,"
                  + Base64.getEncoder().encodeToString(bytes(8))));
        }
        default -> request.header("X-Signature", signature(() -> Base64.getEncoder().encodeToString(bytes(64))));
      }
      int extraHeaders = random.nextInt(6);
      for (int h = 0; h < extraHeaders; h++) {
        request.header("X-" + randomToken(1 + random.nextInt(30)), headerValue());
      }
      if (random.nextInt(5) != 0) {
        request.header("X-Forwarded-For", forwardedFor());
      }
      return request.build();
    }

    /** Correctly signed, unique, and dropped by {@code body.action == 'opened'}: never forwarded. */
    private HttpRequest genuineButFiltered(HttpRequest.Builder request) {
      byte[] body = utf8("{\"action\":\"closed\",\"n\":" + random.nextInt() + "}");
      return request
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .setHeader("Content-Type", "application/json")
          .header("X-Hub-Signature-256", Signatures.gitHub(SECRET, body))
          .header("X-GitHub-Event", "issues")
          .header("X-GitHub-Hook-ID", "42")
          .header("X-GitHub-Delivery", UUID.randomUUID().toString())
          .header("X-Forwarded-For", "198.51.100." + random.nextInt(256))
          .build();
    }

    /** A forged signature in the provider's format, or one that is not even well-formed. */
    private String signature(Supplier<String> forgedButWellFormed) {
      return switch (random.nextInt(8)) {
        case 0 -> "sha256=" + randomToken(64); // not hex
        case 1 -> "v1,!!!not*base64===";
        case 2 -> "";
        case 3 -> randomToken(1 + random.nextInt(500));
        case 4 -> "sha256=" + "ab".repeat(1 + random.nextInt(3000)); // hex, far too long
        default -> forgedButWellFormed.get();
      };
    }

    private byte[] body() {
      if (random.nextInt(50) == 0) {
        return bytes((int) RunningReceiver.MAX_BODY_BYTES + 1 + random.nextInt(1_000)); // over the cap: 413
      }
      return switch (random.nextInt(10)) {
        case 0 -> new byte[0];
        case 1 -> utf8("{\"action\":\"opened\"}");
        case 2 -> new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 0, '{'}; // not UTF-8
        default -> bytes(random.nextInt(2048));
      };
    }

    private String headerValue() {
      if (random.nextInt(40) == 0) {
        hugeHeader = true;
        return "v".repeat(4_000 + random.nextInt(14_000)); // around and over the server's header limit
      }
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(200);
      for (int i = 0; i < length; i++) {
        value.append((char) (0x20 + random.nextInt(0x7F - 0x20))); // printable ASCII: what HTTP/1.1 can carry
      }
      return value.toString();
    }

    private String forwardedFor() {
      return switch (random.nextInt(5)) {
        case 0, 1 -> random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
            + random.nextInt(256);
        case 2 -> String.format("2001:db8:%x:%x::%x", random.nextInt(65536), random.nextInt(65536),
            random.nextInt(65536));
        case 3 -> "198.51.100." + random.nextInt(256) + ", 127.0.0.1";
        default -> pick(List.of("garbage", "unknown, ,", "[::1", "1.2.3.4:99999", "999.1.1.1", randomToken(100)));
      };
    }

    private String randomSlug() {
      StringBuilder slug = new StringBuilder(randomToken(1 + random.nextInt(40)));
      if (random.nextBoolean()) {
        slug.append("%").append(String.format("%02X", random.nextInt(256)));
      }
      return slug.toString();
    }

    private String randomToken(int length) {
      StringBuilder token = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        token.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
      }
      return token.toString();
    }

    private byte[] bytes(int length) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      return bytes;
    }

    private <T> T pick(List<T> choices) {
      return choices.get(random.nextInt(choices.size()));
    }
  }
}
