package dev.hookgate.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The receiver in its own JVM, started from its shaded jar exactly as {@code java -jar} would run it in
 * standalone mode: it gets a routes file path, a delivery store file in {@code workDir}, two ports, and no
 * Kubernetes credentials.
 */
public final class ReceiverProcess implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int publicPort;
  private final int internalPort;
  private final Path log;

  private ReceiverProcess(Process process, int publicPort, int internalPort, Path log) {
    this.process = process;
    this.publicPort = publicPort;
    this.internalPort = internalPort;
    this.log = log;
  }

  /** Where the receiver's jar is: a system property or env var, else the build output beside this checkout. */
  public static Path locateJar() {
    String configured = System.getProperty("hookgate.receiver.jar", System.getenv("HOOKGATE_RECEIVER_JAR"));
    Path jar = configured != null ? Path.of(configured) : Path.of("receiver", "target", "hookgate-receiver.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "receiver jar not found at " + jar.toAbsolutePath()
              + ": build it with ./mvnw -DskipTests package (or set HOOKGATE_RECEIVER_JAR)");
    }
    return jar;
  }

  public static ReceiverProcess start(Path jar, Path routesFile, Path workDir) throws IOException, InterruptedException {
    return start(jar, routesFile, workDir, freePort(), Map.of());
  }

  /**
   * A receiver on {@code internalPort} (so receivers started one after the other can name each other as peers),
   * with {@code environment} added to its settings.
   */
  public static ReceiverProcess start(Path jar, Path routesFile, Path workDir, int internalPort,
      Map<String, String> environment) throws IOException, InterruptedException {
    int publicPort = freePort();
    Path log = workDir.resolve("receiver.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    // the heap flags of receiver/Dockerfile under the StatefulSet's 512Mi limit
    List<String> command = new ArrayList<>(
        List.of(java, "-XX:+UseSerialGC", "-Xmx256m", "-Xms64m", "-Xmn48m", "-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("HOOKGATE_ROUTES_FILE", routesFile.toString());
    builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(publicPort));
    builder.environment().put("ENDPOINTS_ALL_PORT", Integer.toString(internalPort));
    builder.environment().put("HOOKGATE_RELOAD_INTERVAL", "200ms");
    builder.environment().put("HOOKGATE_STORE_PATH", workDir.resolve("deliveries.db").toString());
    builder.environment().putAll(environment);
    // The receiver must never see cluster credentials, even by accident through the environment.
    builder.environment().keySet().removeIf(name -> name.startsWith("KUBERNETES_") || name.equals("KUBECONFIG"));
    ReceiverProcess receiver = new ReceiverProcess(builder.start(), publicPort, internalPort, log);
    receiver.awaitHealthy();
    return receiver;
  }

  private void awaitHealthy() throws InterruptedException, IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    URI health = internalUri().resolve("/internal/health");
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("receiver exited with " + process.exitValue() + "; its log:\n" + logTail());
      }
      try {
        HttpResponse<Void> response =
            http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // keep polling until the deadline
      }
      Thread.sleep(100);
    }
    close();
    throw new IllegalStateException("receiver not healthy within " + STARTUP_TIMEOUT + "; its log:\n" + logTail());
  }

  public URI publicUri() {
    return URI.create("http://127.0.0.1:" + publicPort);
  }

  public URI internalUri() {
    return URI.create("http://127.0.0.1:" + internalPort);
  }

  public long pid() {
    return process.pid();
  }

  public String logTail() throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
