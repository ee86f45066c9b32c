package dev.hookgate.demo;

import dev.hookgate.operator.HookgateOperator;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.routing.RoutingTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything hookgate needs, on loopback, in one place: an embedded Kubernetes API, the receiver in its own JVM
 * (fed the routes Secret through a kubelet-style volume projection), a sample target that every Service name
 * resolves to, and the operator. Used by the demo and by the tests that wire the real parts together.
 */
public final class LocalStack implements AutoCloseable {

  public static final String RECEIVER_NAMESPACE = "hookgate-system";
  public static final String ROUTES_SECRET = "hookgate-routes";

  private final Path workDir;
  private final EmbeddedKubernetes kubernetes;
  private final SampleTarget target;
  private final ReceiverProcess receiver;
  private final SecretVolumeProjector projector;
  private final AutoCloseable operator;

  private LocalStack(Path workDir, EmbeddedKubernetes kubernetes, SampleTarget target, ReceiverProcess receiver,
      SecretVolumeProjector projector, AutoCloseable operator) {
    this.workDir = workDir;
    this.kubernetes = kubernetes;
    this.target = target;
    this.receiver = receiver;
    this.projector = projector;
    this.operator = operator;
  }

  /** Starts every part; on failure stops what already started. {@code progress} hears each step. */
  public static LocalStack start(Path receiverJar, Progress progress) throws Exception {
    Path workDir = Files.createTempDirectory("hookgate-local-");
    Path routesDir = workDir.resolve("routes");
    EmbeddedKubernetes kubernetes = null;
    SampleTarget target = null;
    ReceiverProcess receiver = null;
    SecretVolumeProjector projector = null;
    try {
      kubernetes = EmbeddedKubernetes.start();
      kubernetes.createNamespace(RECEIVER_NAMESPACE);
      progress.step("Kubernetes API (embedded Fabric8 mock server, CRD installed)", kubernetes.url());

      target = SampleTarget.start();
      progress.step("sample target Service (every Service name resolves to it here)", target.baseUri().toString());

      Files.createDirectories(routesDir);
      receiver = ReceiverProcess.start(receiverJar, routesDir.resolve(RoutingTable.SECRET_KEY), workDir);
      progress.step("receiver (own JVM, pid " + receiver.pid() + ", no Kubernetes credentials)",
          "public " + receiver.publicUri() + ", internal " + receiver.internalUri());

      projector = SecretVolumeProjector.start(kubernetes.client(), RECEIVER_NAMESPACE, ROUTES_SECRET, routesDir);
      progress.step("kubelet stand-in projecting Secret " + RECEIVER_NAMESPACE + "/" + ROUTES_SECRET, routesDir.toString());

      OperatorSettings settings = OperatorSettings.builder()
          .receiverNamespace(RECEIVER_NAMESPACE)
          .routesSecretName(ROUTES_SECRET)
          .publicBaseUrl(receiver.publicUri().toString())
          .receiverStatusUrls(List.of(receiver.internalUri()))
          .targetUrlTemplate("http://127.0.0.1:" + target.port() + "{path}")
          .serverSideApply(false) // the embedded API server does not implement server-side apply
          .build();
      AutoCloseable operator = HookgateOperator.start(kubernetes.client(), settings);
      progress.step("operator (Java Operator SDK) reconciling WebhookEndpoints", "all namespaces");
      return new LocalStack(workDir, kubernetes, target, receiver, projector, operator);
    } catch (Exception | Error e) {
      closeQuietly(projector, receiver, target, kubernetes);
      deleteRecursively(workDir);
      throw e;
    }
  }

  public EmbeddedKubernetes kubernetes() {
    return kubernetes;
  }

  public SampleTarget target() {
    return target;
  }

  public ReceiverProcess receiver() {
    return receiver;
  }

  /** The directory the routes Secret is projected into, as kubelet would mount it for the receiver. */
  public Path projectorDirectory() {
    return workDir.resolve("routes");
  }

  @Override
  public void close() {
    closeQuietly(operator, projector, receiver, target, kubernetes);
    deleteRecursively(workDir);
  }

  private static void closeQuietly(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception ignored) {
        // shutting down: keep closing the rest
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }

  /** Hears about each part as it comes up. */
  @FunctionalInterface
  public interface Progress {
    void step(String what, String where);

    Progress SILENT = (what, where) -> {};
  }
}
