package dev.hookgate.receiver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.TimeUnit;

/**
 * The receiver in its own JVM ({@code ReceiverMain} on this JVM's class path), configured through its environment
 * as in a container, so it can be killed with SIGKILL like a crashed pod.
 */
public final class ReceiverJvm implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final int publicPort;
  private final int internalPort;
  private final Path log;

  private ReceiverJvm(Process process, int publicPort, int internalPort, Path log) {
    this.process = process;
    this.publicPort = publicPort;
    this.internalPort = internalPort;
    this.log = log;
  }

  /**
   * Starts a receiver serving {@code routesFile}, logging to {@code log}, with {@code env} added to its environment
   * ({@code HOOKGATE_STORE_TYPE}, ...), and waits until it serves its routes.
   */
  public static ReceiverJvm start(Path routesFile, Path log, List<String> jvmArgs, Map<String, String> env) {
    int publicPort = RunningReceiver.freePort();
    int internalPort = RunningReceiver.freePort();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.hookgate.receiver.ReceiverMain"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("HOOKGATE_ROUTES_FILE", routesFile.toString());
    builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(publicPort));
    builder.environment().put("ENDPOINTS_ALL_PORT", Integer.toString(internalPort));
    builder.environment().putAll(env);
    try {
      ReceiverJvm receiver = new ReceiverJvm(builder.start(), publicPort, internalPort, log);
      receiver.awaitServing();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the receiver JVM", e);
    }
  }

  public URI webhookUri(String slug) {
    return URI.create("http://127.0.0.1:" + publicPort + "/h/" + slug);
  }

  public URI internalUri(String path) {
    return URI.create("http://127.0.0.1:" + internalPort + path);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no flush, like a node losing power under the pod. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitServing() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    HttpRequest routes = HttpRequest.newBuilder(internalUri("/internal/routes")).timeout(Duration.ofSeconds(2)).build();
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try {
        if (client.send(routes, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      process.onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
    }
    String what = process.isAlive() ? "did not start within " + STARTUP_TIMEOUT : "exited with " + process.exitValue();
    close();
    throw new IllegalStateException("the receiver " + what + "; its log:\n" + logTail());
  }

  public String logTail() {
    try {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(no log)");
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
