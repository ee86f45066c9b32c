package dev.hookgate.receiver.bench;

import dev.hookgate.receiver.testing.PostgresServer;
import dev.hookgate.receiver.testing.ReceiverJvm;
import dev.hookgate.receiver.testing.RunningReceiver;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.routing.ProviderType;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ingest and end-to-end throughput of the receiver next to nginx on the same machine, on loopback: 1 KiB
 * GitHub-signed POSTs from wrk, each with its own X-GitHub-Delivery. Prints requests/s, p50/p99 latency, the ratio
 * to nginx proxy_pass, the p99 ack at half nginx proxy_pass's rate, and the receiver's RSS; beside them, the
 * receiver's request path without the commit (an unknown endpoint; an event verified, then filtered out). Installs
 * wrk and nginx from Debian packages when missing. Never fails on its figures. Run:
 * {@code ./mvnw -B -ntp -pl routing,receiver -am -Pingest-benchmark -DskipTests verify}
 */
public final class IngestBenchmark {

  private static final String SECRET = "bench-secret";
  private static final String SLUG = "bench";
  /** A route that wants only "issues" events: the benchmark's pushes are verified, then filtered out. */
  private static final String FILTERED_SLUG = "bench-issues-only";
  private static final String FIRST = "127.0.0.2";
  private static final String SECOND = "127.0.0.3";

  private final Path workDir = Path.of(System.getProperty("bench.workDir", "target/ingest-benchmark")).toAbsolutePath();
  private final int seconds = Integer.getInteger("bench.seconds", 10);
  private final int connections = Integer.getInteger("bench.connections", 32);
  private final String store = System.getProperty("bench.store", "embedded");
  private final int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 40);
  /** 2: a second receiver as the first one's peer; the load goes to the first, which hands half of it over. */
  private final int peers = Integer.getInteger("bench.peers", 1);
  private final List<String> receiverJvmOptions = Arrays.stream(System.getProperty("bench.receiverJvmOptions", "")
      .split(" ")).filter(option -> !option.isBlank()).toList();

  public static void main(String[] args) throws Exception {
    new IngestBenchmark().run();
    System.exit(0);
  }

  private void run() throws Exception {
    if (peers != 1 && (peers != 2 || !store.equals("embedded"))) {
      throw new IllegalArgumentException("bench.peers is 1, or 2 with the embedded store (PostgreSQL receivers"
          + " share one queue and hand nothing over)");
    }
    installIfMissing();
    Files.createDirectories(workDir);
    byte[] body = kibibyteBody();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-GitHub-Event", "push");
    headers.put("X-Hub-Signature-256", Signatures.gitHub(SECRET, body));
    Wrk wrk = new Wrk(workDir);
    List<String> rows = new ArrayList<>();

    try (BenchNginx nginx = new BenchNginx(workDir.resolve("nginx"), RunningReceiver.freePort(),
        RunningReceiver.freePort(), RunningReceiver.freePort())) {
      Wrk.Result plain = wrk.run(nginx.returnUri(), headers, body, "X-GitHub-Delivery", connections, seconds, 0);
      rows.add(row("nginx return 202", plain, null));
      Wrk.Result proxy = wrk.run(nginx.proxyUri(), headers, body, "X-GitHub-Delivery", connections, seconds, 0);
      rows.add(row("nginx proxy_pass", proxy, proxy));

      if (peers == 2) {
        Files.writeString(workDir.resolve("hosts"), FIRST + " receivers\n" + SECOND + " receivers\n");
      }
      ReceiverJvm.Listen listen = new ReceiverJvm.Listen(FIRST, RunningReceiver.freePort(),
          RunningReceiver.freePort());
      try (ReceiverJvm receiver = startReceiver(nginx.targetUri(), "receiver", listen);
          ReceiverJvm peer = peers == 2 ? startReceiver(nginx.targetUri(), "peer",
              new ReceiverJvm.Listen(SECOND, listen.publicPort(), listen.internalPort())) : null) {
        URI webhook = receiver.publicUri("/h/" + SLUG);
        wrk.run(webhook, headers, body, "X-GitHub-Delivery", connections, warmupSeconds, 0); // JIT
        awaitDelivered(nginx, -1, receiver);
        // What the receiver's request path costs without the commit, in the same run: Micronaut's server alone
        // (an unknown endpoint), then verification as well (an event the route filters out: 202, not stored).
        Wrk.Result unrouted = wrk.run(receiver.publicUri("/h/no-such-endpoint"), headers, body, "X-GitHub-Delivery",
            connections, seconds, 0);
        rows.add(row("receiver, unknown endpoint (404)", unrouted, proxy, true));
        Wrk.Result filtered = wrk.run(receiver.publicUri("/h/" + FILTERED_SLUG), headers, body, "X-GitHub-Delivery",
            connections, seconds, 0);
        rows.add(row("receiver, verified, filtered out (202)", filtered, proxy));
        long deliveredBefore = nginx.targetRequests();
        Duration cpuBefore = cpuTime(receiver, peer);
        Instant start = Instant.now();
        Wrk.Result ingest = wrk.run(webhook, headers, body, "X-GitHub-Delivery", connections, seconds, 0);
        long accepted = ingest.requests() - ingest.non2xx();
        Instant lastDelivery = awaitDelivered(nginx, deliveredBefore + accepted, receiver);
        // Steadier than the rates on a shared machine: what one delivery costs the receiver, ingest to outcome.
        double cpuMicrosPerDelivery = cpuTime(receiver, peer).minus(cpuBefore).toNanos() / 1000.0
            / Math.max(1, accepted);
        double endToEndSeconds = Duration.between(start, lastDelivery).toMillis() / 1000.0;
        rows.add(row("receiver ingest (2xx after commit)", ingest, proxy));
        double endToEndRate = (nginx.targetRequests() - deliveredBefore) / endToEndSeconds;
        rows.add(String.format(Locale.ROOT, "%-40s %10.0f %9s %9s %8.2fx   (%d accepted, all at the target %.1f s"
            + " after the first was sent; receiver CPU %.0f us per delivery)", "receiver end to end (target received)",
            endToEndRate, "-", "-", endToEndRate / proxy.requestsPerSecond(), accepted, endToEndSeconds,
            cpuMicrosPerDelivery));

        double halfRate = proxy.requestsPerSecond() / 2;
        Wrk.Result paced = paced(wrk, webhook, headers, body, halfRate);
        awaitDelivered(nginx, -1, receiver);
        rows.add(row(String.format(Locale.ROOT, "receiver ingest paced (%.0f/s target)", halfRate), paced, proxy));
        // Above the receiver's capacity the run above measures an overload; at half its own rate, its latency.
        double ownHalfRate = accepted / ingest.seconds() / 2;
        Wrk.Result pacedOwn = paced(wrk, webhook, headers, body, ownHalfRate);
        awaitDelivered(nginx, -1, receiver);
        rows.add(row(String.format(Locale.ROOT, "receiver ingest paced (%.0f/s target)", ownHalfRate), pacedOwn,
            proxy));
        rows.add(String.format(Locale.ROOT, "receiver RSS: %d MiB peak%s (JVM %s, store %s)",
            receiver.peakRssBytes() / (1024 * 1024),
            peer == null ? "" : ", its peer " + peer.peakRssBytes() / (1024 * 1024) + " MiB",
            String.join(" ", Stream.concat(ReceiverJvm.HEAP_FLAGS.stream(), receiverJvmOptions.stream()).toList()),
            store));
      }
    }
    System.out.println();
    System.out.printf(Locale.ROOT,
        "Ingest benchmark: %d s per run, %d connections, 1 KiB GitHub-signed POSTs, %d cores%s%n", seconds,
        connections, Runtime.getRuntime().availableProcessors(), peers == 2
            ? "; two receivers, all requests to the first, the dedup keys' owners' share handed to the second"
            + " (receiver CPU: both)" : "");
    System.out.printf(Locale.ROOT, "%-40s %10s %9s %9s %9s%n", "", "2xx/s", "p50 ms", "p99 ms", "vs proxy");
    rows.forEach(System.out::println);
  }

  /** wrk cannot pace exactly: many connections, each pausing between requests, approximate the rate. */
  private Wrk.Result paced(Wrk wrk, URI uri, Map<String, String> headers, byte[] body, double rate)
      throws IOException, InterruptedException {
    double delayMillis = 10;
    int pacedConnections = (int) Math.max(1, Math.ceil(rate * delayMillis / 1000));
    return wrk.run(uri, headers, body, "X-GitHub-Delivery", pacedConnections, seconds, delayMillis);
  }

  /** Counts 2xx answers only: a 503 (store full, store down) is fast and would inflate the rate. */
  private static String row(String name, Wrk.Result result, Wrk.Result proxy) {
    return row(name, result, proxy, false);
  }

  private static String row(String name, Wrk.Result result, Wrk.Result proxy, boolean refusalsExpected) {
    long counted = refusalsExpected ? result.requests() : result.requests() - result.non2xx();
    double answeredRate = result.requestsPerSecond() * counted / Math.max(1, result.requests());
    String ratio = proxy == null ? "" : String.format(Locale.ROOT, "%8.2fx", answeredRate
        / proxy.requestsPerSecond());
    String errors = (refusalsExpected ? 0 : result.non2xx()) + result.socketErrors() == 0 ? ""
        : String.format(Locale.ROOT, "   (%d non-2xx, %d socket errors)", result.non2xx(), result.socketErrors());
    return String.format(Locale.ROOT, "%-40s %10.0f %9.2f %9.2f %9s%s", name, answeredRate,
        result.p50(), result.p99(), ratio, errors);
  }

  /**
   * Waits until the target has {@code expected} requests (or, with -1, until its count stops moving for a second)
   * and returns when the last one came; gives up after two minutes.
   */
  private static Instant awaitDelivered(BenchNginx nginx, long expected, ReceiverJvm receiver)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plusSeconds(120);
    long last = nginx.targetRequests();
    Instant lastChange = Instant.now();
    while (Instant.now().isBefore(deadline) && receiver.isAlive()) {
      Thread.sleep(20);
      long now = nginx.targetRequests();
      if (now != last) {
        last = now;
        lastChange = Instant.now();
      }
      if (expected >= 0 ? now >= expected : Duration.between(lastChange, Instant.now()).toMillis() > 1000) {
        return lastChange;
      }
    }
    System.out.printf("target received %d of %d expected before giving up%n", last, expected);
    return lastChange;
  }

  private static byte[] kibibyteBody() {
    StringBuilder json = new StringBuilder("{\"ref\":\"refs/heads/main\",\"padding\":\"");
    while (json.length() < 1024 - 2) {
      json.append('x');
    }
    return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void installIfMissing() throws IOException, InterruptedException {
    if (onPath("wrk") && onPath("nginx")) {
      return;
    }
    System.out.println("Installing wrk and nginx from Debian packages");
    for (List<String> command : List.of(List.of("apt-get", "update", "-q"),
        List.of("apt-get", "install", "-y", "-q", "wrk", "nginx"))) {
      Process process = new ProcessBuilder(command).inheritIO().start();
      if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + ")");
      }
    }
  }

  private static boolean onPath(String program) {
    return Arrays.stream(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  private static Duration cpuTime(ReceiverJvm receiver, ReceiverJvm peer) {
    return peer == null ? receiver.cpuTime() : receiver.cpuTime().plus(peer.cpuTime());
  }

  /**
   * A receiver in its own JVM with one GitHub route to the stub target, on the chosen store; with
   * {@code bench.peers=2}, one of the two receivers that find each other through {@code workDir/hosts}.
   */
  private ReceiverJvm startReceiver(URI target, String name, ReceiverJvm.Listen listen) throws IOException {
    Path dir = workDir.resolve(name);
    Files.createDirectories(dir);
    Path routes = TestRoutes.writeTable(dir, List.of(TestRoutes.route(SLUG, ProviderType.GITHUB, SECRET, target),
        TestRoutes.route(FILTERED_SLUG, ProviderType.GITHUB, SECRET, target, "issues")));
    Map<String, String> env = new LinkedHashMap<>();
    Path file = dir.resolve("deliveries.db");
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(Path.of(file + suffix));
    }
    env.put("HOOKGATE_STORE_TYPE", store);
    if (store.equals("postgresql")) {
      PostgresServer postgres = PostgresServer.get();
      env.put("HOOKGATE_STORE_POSTGRESQL_URL", postgres.createDatabase());
      env.put("HOOKGATE_STORE_POSTGRESQL_USER", postgres.user());
      env.put("HOOKGATE_STORE_POSTGRESQL_PASSWORD_FILE", postgres.passwordFile().toString());
    }
    // The runs store about 1.5 GB (delivered rows are kept for their retention): at the 1 GiB default the last runs
    // would be answered 503 "store full".
    env.put("HOOKGATE_STORE_MAX_SIZE", Long.toString(8L << 30));
    // the production defaults, not the short waits tests use
    env.put("HOOKGATE_DISPATCH_POLL_INTERVAL", "200ms");
    env.put("HOOKGATE_DISPATCH_BACKOFF_BASE", "1s");
    env.put("HOOKGATE_DISPATCH_BACKOFF_CAP", "10m");
    // Experiments: -Dbench.receiverEnv=HOOKGATE_DISPATCH_MAX_OUTSTANDING=1,HOOKGATE_DISPATCH_CLAIM_BATCH=1 (delivery
    // held back, ingest alone), ...
    Arrays.stream(System.getProperty("bench.receiverEnv", "").split(","))
        .filter(pair -> pair.contains("="))
        .forEach(pair -> env.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1)));
    if (peers == 2) {
      return ReceiverJvm.startPeer(listen, workDir.resolve("hosts"), routes, file, dir.resolve("receiver.log"), env,
          receiverJvmOptions);
    }
    return ReceiverJvm.start(listen, routes, file, dir.resolve("receiver.log"), env, receiverJvmOptions);
  }
}
