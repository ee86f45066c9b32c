package dev.hookgate.receiver.testing;

import static org.awaitility.Awaitility.await;

import dev.hookgate.receiver.ReceiverMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The receiver in a JVM of its own (this build's classes), so a test can kill it with SIGKILL the way a node
 * failure or the OOM killer would, and start another one on the same store file.
 */
public final class ReceiverJvm implements AutoCloseable {

  /** The heap flags of receiver/Dockerfile as they come out under the StatefulSet's 512Mi memory limit. */
  public static final List<String> HEAP_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx256m", "-Xms64m", "-Xmn48m");

  /** Where a receiver listens: an address of its own (any of 127.0.0.0/8 on Linux) and its two ports. */
  public record Listen(String host, int publicPort, int internalPort) {

    /** 127.0.0.1 on fresh ports. */
    public static Listen fresh() {
      return new Listen("127.0.0.1", RunningReceiver.freePort(), RunningReceiver.freePort());
    }
  }

  private final Process process;
  private final Listen listen;

  private ReceiverJvm(Process process, Listen listen) {
    this.process = process;
    this.listen = listen;
  }

  /**
   * Starts a receiver on fresh ports, with short retry waits (from 50 ms, at most 1 s), and waits until it is
   * healthy; its output goes to {@code log}.
   */
  public static ReceiverJvm start(Path routesFile, Path storeFile, Path log, Map<String, String> environment) {
    return start(routesFile, storeFile, log, environment, List.of());
  }

  /** As above, with more JVM options (a benchmark's profiler, say) before the main class. */
  public static ReceiverJvm start(Path routesFile, Path storeFile, Path log, Map<String, String> environment,
      List<String> jvmOptions) {
    return start(Listen.fresh(), routesFile, storeFile, log, environment, jvmOptions);
  }

  /** As above, listening where {@code listen} says. */
  public static ReceiverJvm start(Listen listen, Path routesFile, Path storeFile, Path log,
      Map<String, String> environment, List<String> jvmOptions) {
    ReceiverJvm receiver = launch(listen, routesFile, storeFile, log, environment, jvmOptions);
    receiver.awaitHealthy();
    return receiver;
  }

  /** Starts a receiver on fresh ports as {@link #start} does, and returns at once: for one that is not healthy yet. */
  public static ReceiverJvm launch(Path routesFile, Path storeFile, Path log, Map<String, String> environment) {
    return launch(Listen.fresh(), routesFile, storeFile, log, environment, List.of());
  }

  /** Starts the process and returns at once: for a receiver that is never healthy (one that drains and exits). */
  private static ReceiverJvm launch(Listen listen, Path routesFile, Path storeFile, Path log,
      Map<String, String> environment, List<String> jvmOptions) {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(HEAP_FLAGS);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath, ReceiverMain.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("HOOKGATE_ROUTES_FILE", routesFile.toString());
    env.put("HOOKGATE_STORE_PATH", storeFile.toString());
    env.put("HOOKGATE_RELOAD_INTERVAL", "100ms");
    env.put("HOOKGATE_DISPATCH_POLL_INTERVAL", "20ms");
    env.put("HOOKGATE_DISPATCH_BACKOFF_BASE", "50ms");
    env.put("HOOKGATE_DISPATCH_BACKOFF_CAP", "1s");
    env.put("MICRONAUT_SERVER_HOST", listen.host());
    env.put("MICRONAUT_SERVER_PORT", Integer.toString(listen.publicPort()));
    env.put("ENDPOINTS_ALL_PORT", Integer.toString(listen.internalPort()));
    env.putAll(environment);
    try {
      return new ReceiverJvm(builder.start(), listen);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * As above, set up as the StatefulSet sets its pods up: it finds the other receivers through one DNS name,
   * {@code receivers}, resolved through {@code hostsFile} (the receivers' addresses, one line each: a stand-in for
   * the headless Service), re-resolved every 200 ms, and is {@code listen.host()} among them. All receivers started
   * this way share {@code listen}'s ports, each on its own address.
   */
  public static ReceiverJvm startPeer(Listen listen, Path hostsFile, Path routesFile, Path storeFile, Path log,
      Map<String, String> environment) {
    return startPeer(listen, hostsFile, routesFile, storeFile, log, environment, List.of());
  }

  /** As above, with more JVM options. */
  public static ReceiverJvm startPeer(Listen listen, Path hostsFile, Path routesFile, Path storeFile, Path log,
      Map<String, String> environment, List<String> jvmOptions) {
    List<String> options = new ArrayList<>(peerJvmOptions(hostsFile));
    options.addAll(jvmOptions);
    return start(listen, routesFile, storeFile, log, peerEnvironment(listen, environment), options);
  }

  /** As {@link #startPeer}, without waiting for it to be healthy: a receiver that drains its store and exits. */
  public static ReceiverJvm launchPeer(Listen listen, Path hostsFile, Path routesFile, Path storeFile, Path log,
      Map<String, String> environment) {
    return launch(listen, routesFile, storeFile, log, peerEnvironment(listen, environment), peerJvmOptions(hostsFile));
  }

  private static List<String> peerJvmOptions(Path hostsFile) {
    return List.of("-Djdk.net.hosts.file=" + hostsFile);
  }

  private static Map<String, String> peerEnvironment(Listen listen, Map<String, String> environment) {
    Map<String, String> peers = new HashMap<>(Map.of(
        "HOOKGATE_PEERS_DNS", "receivers",
        "HOOKGATE_PEERS_SELF", listen.host(),
        "HOOKGATE_PEERS_PORT", Integer.toString(listen.internalPort()),
        "HOOKGATE_PEERS_REFRESH_INTERVAL", "200ms"));
    peers.putAll(environment);
    return peers;
  }

  /**
   * The value of one sample of {@code GET /internal/prometheus}, written as the exposition writes it: the meter's
   * name with its labels, e.g. {@code hookgate_receiver_peer_handoffs_total{outcome="stored"}}.
   */
  public double meter(HttpClient client, String sample) throws IOException, InterruptedException {
    String metrics = client.send(HttpRequest.newBuilder(internalUri("/internal/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher value = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(metrics);
    if (!value.find()) {
      throw new AssertionError("no sample " + sample + " in:\n" + metrics);
    }
    return Double.parseDouble(value.group(1));
  }

  private void awaitHealthy() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(internalUri("/internal/health")).timeout(Duration.ofSeconds(1)).build();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
      if (!process.isAlive()) {
        throw new AssertionError("the receiver exited with " + process.exitValue());
      }
      return client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    });
  }

  public URI publicUri(String path) {
    return URI.create("http://" + listen.host() + ":" + listen.publicPort() + path);
  }

  public URI internalUri(String path) {
    return URI.create("http://" + listen.host() + ":" + listen.internalPort() + path);
  }

  /**
   * POSTs a GitHub {@code push} with delivery id {@code deliveryId}, signed with {@code secret}, to {@code slug},
   * the way a provider would (10 s timeout); the status answered, or 0 when the receiver did not answer (it is down).
   */
  public int postGitHubPush(HttpClient client, String slug, String secret, String deliveryId, byte[] body)
      throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(publicUri("/h/" + slug))
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    Signatures.gitHubPush(secret, deliveryId, body).forEach(request::header);
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException receiverGone) {
      return 0;
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits up to {@code limit} for the process to exit on its own; its exit code. */
  public int awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the receiver did not exit within " + limit);
    }
    return process.exitValue();
  }

  /** The receiver process's peak resident memory (VmHWM) in bytes; 0 where /proc does not tell. */
  public long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** CPU time the receiver process has used so far (user + system); zero where the platform does not tell. */
  public Duration cpuTime() {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
