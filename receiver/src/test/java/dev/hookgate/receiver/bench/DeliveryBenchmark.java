package dev.hookgate.receiver.bench;

import static dev.hookgate.receiver.testing.Signatures.utf8;

import com.sun.net.httpserver.HttpServer;
import dev.hookgate.receiver.testing.ReceiverJvm;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable ingest and end-to-end delivery on loopback, a program that prints figures (it never fails on them):
 * a receiver in its own JVM with its SQLite store in a temporary directory, a target that answers 200, and
 * {@code bench.senders} client threads posting signed 1 KiB GitHub deliveries for {@code bench.seconds}. Prints
 * ingest requests/s (verify + commit + 202), ack latency p50/p99, end-to-end deliveries/s until the target has
 * them all, and the receiver's peak RSS. Run:
 * {@code ./mvnw -B -ntp -pl routing,receiver -am -Pdelivery-benchmark -DskipTests verify}
 */
public final class DeliveryBenchmark {

  private static final String SECRET = "bench-secret";

  private DeliveryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 15);
    int senders = Integer.getInteger("bench.senders", 32);
    // Long enough for the JIT to have compiled the hot path on a busy 2-core machine: a server runs for days.
    int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 10);
    Path dir = Files.createTempDirectory("delivery-benchmark");
    AtomicLong targetGot = new AtomicLong();
    HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    target.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      targetGot.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    target.setExecutor(Executors.newFixedThreadPool(16));
    target.start();
    URI targetUrl = URI.create("http://127.0.0.1:" + target.getAddress().getPort() + "/");
    Path routes = TestRoutes.writeTable(dir, List.of(TestRoutes.route("bench", ProviderType.GITHUB, SECRET, targetUrl)));
    ReceiverJvm receiver = ReceiverJvm.start(routes, dir.resolve("store/deliveries.db"), dir.resolve("receiver.log"),
        Map.of("HOOKGATE_DISPATCH_BACKOFF_CAP", "10s"), receiverJvmOptions());
    try {
      byte[] body = utf8("{\"padding\":\"" + "x".repeat(1010) + "\"}");
      String signature = Signatures.gitHub(SECRET, body);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      run(client, receiver, body, signature, senders, warmupSeconds, "warmup");
      long deliveredBefore = targetGot.get();
      Duration cpuBefore = receiver.cpuTime();
      long started = System.nanoTime();
      long[] latencies = run(client, receiver, body, signature, senders, seconds, "run");
      double sendSeconds = (System.nanoTime() - started) / 1e9;
      double cpuMillisPerRequest =
          receiver.cpuTime().minus(cpuBefore).toNanos() / 1e6 / Math.max(1, latencies.length);
      long acknowledged = latencies.length;
      while (targetGot.get() - deliveredBefore < acknowledged && System.nanoTime() - started < 300e9) {
        Thread.sleep(20);
      }
      double endToEndSeconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("Delivery benchmark (%d senders, 1 KiB GitHub deliveries, %d s): ingest %.0f req/s"
              + " (202 after fsync'd commit), ack p50 %.2f ms, p99 %.2f ms; receiver CPU %.3f ms per request; end to end %.0f deliveries/s"
              + " (%d of %d delivered in %.1f s); receiver peak RSS %d MiB%n",
          senders, seconds, acknowledged / sendSeconds, percentile(latencies, 0.50), percentile(latencies, 0.99),
          cpuMillisPerRequest,
          (targetGot.get() - deliveredBefore) / endToEndSeconds, targetGot.get() - deliveredBefore, acknowledged,
          endToEndSeconds, receiver.peakRssBytes() >> 20);
    } finally {
      receiver.close();
      target.stop(0);
      System.exit(0);
    }
  }

  /** {@code bench.receiverJvmOptions}: space-separated, e.g. a flight recording of the receiver. */
  private static List<String> receiverJvmOptions() {
    String options = System.getProperty("bench.receiverJvmOptions", "").trim();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }

  /** Sends for {@code seconds} from {@code senders} threads; returns the ack latencies (ns) of the 2xx answers. */
  private static long[] run(HttpClient client, ReceiverJvm receiver, byte[] body, String signature, int senders,
      int seconds, String label) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong ids = new AtomicLong();
    List<Future<long[]>> results = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      results.add(pool.submit(() -> {
        long[] mine = new long[1 << 16];
        int count = 0;
        while (System.nanoTime() < deadline) {
          HttpRequest request = HttpRequest.newBuilder(receiver.publicUri("/h/bench"))
              .header("Content-Type", "application/json")
              .header("X-Hub-Signature-256", signature)
              .header("X-GitHub-Event", "push")
              .header("X-GitHub-Delivery", label + "-" + ids.incrementAndGet())
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
          long sent = System.nanoTime();
          try {
            if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2) {
              if (count == mine.length) {
                mine = Arrays.copyOf(mine, count * 2);
              }
              mine[count++] = System.nanoTime() - sent;
            }
          } catch (IOException e) {
            // counted as not acknowledged
          }
        }
        return Arrays.copyOf(mine, count);
      }));
    }
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> result : results) {
      all.add(result.get());
    }
    pool.shutdown();
    return all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
  }

  private static double percentile(long[] sortedNanos, double quantile) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(quantile * sortedNanos.length) - 1);
    return Duration.ofNanos(sortedNanos[Math.max(index, 0)]).toNanos() / 1e6;
  }
}
