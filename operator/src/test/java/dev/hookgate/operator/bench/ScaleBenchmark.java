package dev.hookgate.operator.bench;

import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.GitHubProviderBlock;
import dev.hookgate.operator.api.ProviderSpec;
import dev.hookgate.operator.api.SecretKeyRef;
import dev.hookgate.operator.api.TargetSpec;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.api.WebhookEndpointSpec;
import dev.hookgate.operator.api.WebhookEndpointStatus;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingJson;
import dev.hookgate.routing.RoutingTable;
import dev.hookgate.routing.SigningSecret;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The operator scale benchmark: a program that prints figures, never fails on them.
 *
 * <p>Per run: a real kube-apiserver + etcd (kube-api-test, offline, binaries under ~/.kubeapitest), the CRD, the
 * receiver jar and the shaded operator jar as their own processes (the routes Secret projected into the
 * receiver's file the way kubelet does), one warm-up endpoint, then {@code bench.endpoints} WebhookEndpoints
 * created at once by {@code bench.threads} threads. Measured: time from the first create until all are Ready,
 * the operator's RSS (VmRSS at the end, VmHWM = peak) and CPU time, the time {@code bench.specChanges} single
 * spec changes take until status.observedGeneration follows and ReceiverConfigured is True again, and the size
 * of the routes Secret. Goals (issue): all Ready within 30 s, RSS within 256 MiB, a spec change within 1 s.
 */
public final class ScaleBenchmark {

  static final String NAMESPACE = "bench";
  static final String RECEIVER_NAMESPACE = "hookgate-system";
  static final String ROUTES_SECRET = "hookgate-routes";
  static final long SECRET_LIMIT = 1024 * 1024;
  static final double GOAL_READY_SECONDS = 30;
  static final double GOAL_RSS_MIB = 256;
  static final double GOAL_SPEC_CHANGE_MILLIS = 1000;

  private final int endpoints = Integer.getInteger("bench.endpoints", 1000);
  private final int threads = Integer.getInteger("bench.threads", 16);
  private final int specChanges = Integer.getInteger("bench.specChanges", 5);
  private final long timeoutSeconds = Long.getLong("bench.timeoutSeconds", 600);
  private final List<String> operatorJvmArgs =
      Arrays.stream(System.getProperty("bench.operatorJvmArgs", "-XX:+UseSerialGC -Xmx128m -Xss512k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m").trim().split("\\s+"))
          .filter(s -> !s.isEmpty()).toList();
  private final String apiServerVersion = System.getProperty("bench.apiServerVersion", "1.34.4");
  private final Path operatorJar = Path.of(System.getProperty("bench.operatorJar", "operator/target/hookgate-operator.jar"));
  private final Path receiverJar = Path.of(System.getProperty("bench.receiverJar", "receiver/target/hookgate-receiver.jar"));
  private final Path crd = Path.of(System.getProperty("bench.crd", "crds/webhookendpoints.hookgate.dev-v1.yml"));
  private final Path workDir = Path.of(System.getProperty("bench.workDir", "operator/target/scale-benchmark"));

  /** One run's figures. Times in seconds unless named millis; sizes in MiB unless named bytes. */
  record Result(
      int run,
      double submitSeconds,
      double halfReadySeconds,
      double allReadySeconds,
      double specChangeMedianMillis,
      double specChangeMaxMillis,
      double rssEndMib,
      double rssPeakMib,
      double cpuSeconds,
      long routesBytes,
      long uniqueSecretsRoutesBytes,
      long secretDataBytes,
      int routes,
      long warnLines,
      long errorLines) {}

  public static void main(String[] args) throws Exception {
    new ScaleBenchmark().runAll(Integer.getInteger("bench.runs", 1));
    System.exit(0);
  }

  void runAll(int runs) throws Exception {
    for (Path jar : List.of(operatorJar, receiverJar, crd)) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package routing, receiver and operator first");
      }
    }
    System.out.printf("%nhookgate scale benchmark: %d endpoints, %d creating threads, %d spec changes, operator JVM %s,"
        + " kube-apiserver %s, %d CPUs (shared: figures are noisy)%n", endpoints, threads, specChanges, operatorJvmArgs,
        apiServerVersion, Runtime.getRuntime().availableProcessors());
    List<Result> results = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      Result result = run(run);
      results.add(result);
      printTable(results);
    }
    printGoals(results);
  }

  private Result run(int run) throws Exception {
    Path dir = workDir.resolve("run-" + run).toAbsolutePath();
    deleteRecursively(dir);
    Files.createDirectories(dir);
    log(run, "starting kube-apiserver " + apiServerVersion + " + etcd (logs and files under " + dir + ")");
    KubeAPIServer apiServer = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withOfflineMode(true)
        .withApiServerVersion(apiServerVersion)
        .withUpdateKubeConfig(false)
        .build());
    apiServer.start();
    Process receiver = null;
    Process operator = null;
    String kubeconfigYaml = apiServer.getKubeConfigYaml();
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), kubeconfigYaml);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build()) {
      setUpCluster(client);

      int httpPort = freePort();
      int statusPort = freePort();
      Path routesDir = dir.resolve("routes");
      try (RoutesSecretProjector projector = RoutesSecretProjector.start(client, RECEIVER_NAMESPACE, ROUTES_SECRET, routesDir)) {
        receiver = startReceiver(dir, routesDir, httpPort, statusPort);
        waitFor("receiver status port", Duration.ofSeconds(120), () -> statusAnswers(statusPort));
        operator = startOperator(dir, kubeconfig, httpPort, statusPort);
        long pid = operator.pid();

        Map<String, WebhookEndpoint> seen = new ConcurrentHashMap<>();
        Map<String, Long> readyAt = new ConcurrentHashMap<>();
        SharedIndexInformer<WebhookEndpoint> informer = watch(client, seen, readyAt);
        try {
          long warmStart = System.nanoTime();
          create(client, "warmup");
          waitFor("the warm-up endpoint to be Ready", Duration.ofSeconds(120), () -> readyAt.containsKey("warmup"));
          log(run, "operator up, warm-up endpoint Ready after %.1f s (operator pid %d, RSS %.0f MiB)",
              seconds(System.nanoTime() - warmStart), pid, rssMib(pid, "VmRSS"));

          // 1. all endpoints at once
          List<String> names = new ArrayList<>();
          for (int i = 0; i < endpoints; i++) {
            names.add("ep-%04d".formatted(i));
          }
          ExecutorService pool = Executors.newFixedThreadPool(threads);
          long start = System.nanoTime();
          List<Future<?>> created = new ArrayList<>();
          for (String name : names) {
            created.add(pool.submit(() -> create(client, name)));
          }
          for (Future<?> future : created) {
            future.get();
          }
          long submitted = System.nanoTime();
          pool.shutdown();
          log(run, "%d endpoints created in %.1f s; waiting for Ready", endpoints, seconds(submitted - start));
          AtomicLong lastReport = new AtomicLong(System.nanoTime());
          waitFor("all endpoints to be Ready", Duration.ofSeconds(timeoutSeconds), () -> {
            long ready = names.stream().filter(readyAt::containsKey).count();
            if (System.nanoTime() - lastReport.get() > TimeUnit.SECONDS.toNanos(5)) {
              lastReport.set(System.nanoTime());
              log(run, "  %.0f s: %d/%d Ready, operator RSS %.0f MiB", seconds(System.nanoTime() - start), ready,
                  endpoints, rssMib(pid, "VmRSS"));
            }
            return ready == endpoints;
          });
          List<Long> readyTimes = names.stream().map(readyAt::get).sorted().toList();
          double allReady = seconds(readyTimes.get(readyTimes.size() - 1) - start);
          double halfReady = seconds(readyTimes.get(readyTimes.size() / 2) - start);
          log(run, "all %d Ready %.1f s after the first create (half at %.1f s)", endpoints, allReady, halfReady);

          // 2. single spec changes, one at a time, once everything has settled
          Thread.sleep(3000);
          List<Double> changeMillis = new ArrayList<>();
          for (int k = 0; k < specChanges; k++) {
            String name = names.get((int) ((k + 0.5) * endpoints / Math.max(1, specChanges)));
            changeMillis.add(specChange(client, seen, name, "release-" + k));
            Thread.sleep(1000);
          }
          log(run, "spec changes reconciled in %s ms", changeMillis.stream().map(m -> "%.0f".formatted(m)).toList());

          // 3. what is left
          Secret routes = client.secrets().inNamespace(RECEIVER_NAMESPACE).withName(ROUTES_SECRET).get();
          Map<String, String> data = routes.getData() == null ? Map.of() : routes.getData();
          byte[] table = data.containsKey(RoutingTable.SECRET_KEY)
              ? Base64.getDecoder().decode(data.get(RoutingTable.SECRET_KEY)) : new byte[0];
          long dataBytes = data.values().stream().mapToLong(v -> Base64.getDecoder().decode(v).length).sum();
          long[] logLines = logLevels(dir.resolve("operator.log"));
          return new Result(run, seconds(submitted - start), halfReady, allReady, median(changeMillis),
              changeMillis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
              rssMib(pid, "VmRSS"), rssMib(pid, "VmHWM"), cpuSeconds(operator), table.length,
              table.length == 0 ? 0 : withUniqueSecrets(RoutingJson.readTable(table)).length, dataBytes,
              endpoints + 1, logLines[0], logLines[1]);
        } finally {
          informer.close();
        }
      }
    } finally {
      stop(operator);
      stop(receiver);
      apiServer.stop();
    }
  }

  private void setUpCluster(KubernetesClient client) throws IOException, InterruptedException {
    try (InputStream in = Files.newInputStream(crd)) {
      client.load(in).serverSideApply();
    }
    client.apiextensions().v1().customResourceDefinitions().withName("webhookendpoints.hookgate.dev")
        .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null && c.getStatus().getConditions().stream()
            .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())), 60, TimeUnit.SECONDS);
    for (String namespace : List.of(RECEIVER_NAMESPACE, NAMESPACE)) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }
    client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
        .withNewMetadata().withName("signing").endMetadata()
        .addToStringData("secret", "a-long-random-signing-secret-shared-by-all-endpoints")
        .build()).create();
    // The new resource is served a little after Established: list until it answers.
    waitFor("the WebhookEndpoint resource to be served", Duration.ofSeconds(60), () -> {
      try {
        client.resources(WebhookEndpoint.class).inNamespace(NAMESPACE).list();
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    });
  }

  private Process startReceiver(Path dir, Path routesDir, int httpPort, int statusPort) throws IOException {
    // the heap flags of receiver/Dockerfile under the StatefulSet's 512Mi limit
    ProcessBuilder builder = new ProcessBuilder(javaBin(), "-XX:+UseSerialGC", "-Xmx256m", "-Xms64m", "-Xmn48m", "-jar",
        receiverJar.toAbsolutePath().toString());
    builder.environment().put("HOOKGATE_ROUTES_FILE", routesDir.resolve(RoutingTable.SECRET_KEY).toString());
    builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(httpPort));
    builder.environment().put("ENDPOINTS_ALL_PORT", Integer.toString(statusPort));
    builder.environment().put("HOOKGATE_RELOAD_INTERVAL", System.getProperty("bench.receiverReloadInterval", "250ms"));
    builder.redirectErrorStream(true).redirectOutput(dir.resolve("receiver.log").toFile());
    Process process = builder.start();
    CHILDREN.add(process);
    return process;
  }

  private Process startOperator(Path dir, Path kubeconfig, int httpPort, int statusPort) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaBin());
    command.addAll(operatorJvmArgs);
    command.addAll(List.of("-jar", operatorJar.toAbsolutePath().toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("HOOKGATE_SERVER_SIDE_APPLY", "true");
    builder.environment().put("MALLOC_ARENA_MAX", "2"); // as in operator/Dockerfile
    builder.environment().put("HOOKGATE_RECEIVER_STATUS_URLS", "http://127.0.0.1:" + statusPort);
    // A DNS name: an Ingress host cannot be an IP address. Nothing resolves it; only the URL in status uses it.
    builder.environment().put("HOOKGATE_PUBLIC_BASE_URL", "http://hooks.bench.test:" + httpPort);
    builder.redirectErrorStream(true).redirectOutput(dir.resolve("operator.log").toFile());
    Process process = builder.start();
    CHILDREN.add(process);
    return process;
  }

  private static SharedIndexInformer<WebhookEndpoint> watch(
      KubernetesClient client, Map<String, WebhookEndpoint> seen, Map<String, Long> readyAt) {
    return client.resources(WebhookEndpoint.class).inNamespace(NAMESPACE).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(WebhookEndpoint endpoint) {
        observe(endpoint);
      }

      @Override
      public void onUpdate(WebhookEndpoint oldEndpoint, WebhookEndpoint newEndpoint) {
        observe(newEndpoint);
      }

      @Override
      public void onDelete(WebhookEndpoint endpoint, boolean deletedFinalStateUnknown) {}

      private void observe(WebhookEndpoint endpoint) {
        long now = System.nanoTime();
        String name = endpoint.getMetadata().getName();
        seen.put(name, endpoint);
        if (isTrue(endpoint, ConditionType.READY)) {
          readyAt.putIfAbsent(name, now);
        }
      }
    }, 0);
  }

  /** Edits spec.events of one endpoint; millis until observedGeneration follows and ReceiverConfigured is True. */
  private double specChange(KubernetesClient client, Map<String, WebhookEndpoint> seen, String name, String event)
      throws InterruptedException {
    long start = System.nanoTime();
    WebhookEndpoint edited = client.resources(WebhookEndpoint.class).inNamespace(NAMESPACE).withName(name).edit(e -> {
      List<String> events = new ArrayList<>(e.getSpec().getEvents() == null ? List.of() : e.getSpec().getEvents());
      events.add(event);
      e.getSpec().setEvents(events);
      return e;
    });
    long generation = edited.getMetadata().getGeneration();
    waitFor("the spec change of " + name + " to be reconciled", Duration.ofSeconds(timeoutSeconds), () -> {
      WebhookEndpoint current = seen.get(name);
      WebhookEndpointStatus status = current == null ? null : current.getStatus();
      if (status == null || status.getObservedGeneration() == null || status.getObservedGeneration() != generation) {
        return false;
      }
      return status.condition(ConditionType.RECEIVER_CONFIGURED)
          .filter(c -> "True".equals(c.getStatus()))
          .filter(c -> c.getObservedGeneration() == null || c.getObservedGeneration() == generation)
          .isPresent();
    });
    return (System.nanoTime() - start) / 1e6;
  }

  private static boolean isTrue(WebhookEndpoint endpoint, ConditionType type) {
    WebhookEndpointStatus status = endpoint.getStatus();
    if (status == null) {
      return false;
    }
    Long generation = endpoint.getMetadata().getGeneration();
    return status.condition(type)
        .filter(c -> "True".equals(c.getStatus()))
        .filter(c -> c.getObservedGeneration() == null || c.getObservedGeneration().equals(generation))
        .isPresent();
  }

  private static void create(KubernetesClient client, String name) {
    ProviderSpec provider = new ProviderSpec();
    provider.setType(ProviderType.GITHUB);
    provider.setGithub(new GitHubProviderBlock());
    WebhookEndpointSpec spec = new WebhookEndpointSpec();
    spec.setProvider(provider);
    spec.setSigningSecretRef(new SecretKeyRef("signing", "secret"));
    spec.setEvents(new ArrayList<>(List.of("push", "pull_request")));
    spec.setTarget(new TargetSpec(new TargetSpec.ServiceRef("ci-events", 8080), "/github/" + name));
    WebhookEndpoint endpoint = new WebhookEndpoint();
    endpoint.getMetadata().setName(name);
    endpoint.getMetadata().setNamespace(NAMESPACE);
    endpoint.setSpec(spec);
    client.resources(WebhookEndpoint.class).inNamespace(NAMESPACE).resource(endpoint).create();
  }

  // ---- figures

  private void printTable(List<Result> results) {
    System.out.println();
    System.out.println("run | create calls | half Ready | all Ready | spec change median/max | RSS end | RSS peak"
        + " | operator CPU | routes.json.gz (routes) | WARN/ERROR log lines");
    for (Result r : results) {
      System.out.printf("%3d | %10.1f s | %8.1f s | %7.1f s | %9.0f / %5.0f ms | %3.0f MiB | %4.0f MiB | %10.1f s"
              + " | %,d B (%d) | %d / %d%n",
          r.run(), r.submitSeconds(), r.halfReadySeconds(), r.allReadySeconds(), r.specChangeMedianMillis(),
          r.specChangeMaxMillis(), r.rssEndMib(), r.rssPeakMib(), r.cpuSeconds(), r.routesBytes(), r.routes(),
          r.warnLines(), r.errorLines());
    }
  }

  private void printGoals(List<Result> results) {
    double ready = median(results, Result::allReadySeconds);
    double rssPeak = median(results, Result::rssPeakMib);
    double rssEnd = median(results, Result::rssEndMib);
    double change = median(results, Result::specChangeMedianMillis);
    double secret = median(results, r -> r.secretDataBytes());
    int routes = results.get(0).routes();
    System.out.println();
    System.out.printf("medians of %d run(s); figures are from a shared 2-CPU machine with apiserver, etcd, receiver,"
        + " operator and this program on it%n", results.size());
    System.out.println("goal                                   | median     | target     | met");
    System.out.printf("all %d Ready after the first create   | %7.1f s  | <= %3.0f s   | %s%n", endpoints, ready,
        GOAL_READY_SECONDS, met(ready <= GOAL_READY_SECONDS));
    System.out.printf("operator RSS peak (VmHWM)              | %6.0f MiB | <= %3.0f MiB | %s   (at the end: %.0f MiB)%n",
        rssPeak, GOAL_RSS_MIB, met(rssPeak <= GOAL_RSS_MIB), rssEnd);
    System.out.printf("one spec change reconciled             | %6.0f ms  | <= %4.0f ms | %s%n", change,
        GOAL_SPEC_CHANGE_MILLIS, met(change <= GOAL_SPEC_CHANGE_MILLIS));
    System.out.printf("routes Secret data with %d routes: %,.0f bytes = %.0f%% of the 1 MiB Secret limit,"
            + " %.0f bytes a route, room for about %,d routes%n", routes, secret, 100 * secret / SECRET_LIMIT,
        secret / routes, (long) (SECRET_LIMIT / (secret / routes)));
    // The benchmark's endpoints share one signing Secret, which gzip folds into nearly nothing.
    double unique = median(results, r -> r.uniqueSecretsRoutesBytes());
    System.out.printf("the same routes with a random secret each: %,.0f bytes gzip'd, %.0f bytes a route, room for"
            + " about %,d routes%n", unique, unique / routes, (long) (SECRET_LIMIT / (unique / routes)));
  }

  /** The table gzip'd again with a random 32-byte secret per route, as when every endpoint has its own Secret. */
  static byte[] withUniqueSecrets(RoutingTable table) {
    SecureRandom random = new SecureRandom();
    List<Route> routes = table.routes().stream().map(route -> {
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      return new Route(route.slug(), route.endpoint(), route.provider(), route.generic(),
          List.of(SigningSecret.current(Base64.getEncoder().encodeToString(secret))), route.events(), route.target(),
          route.publicUrl(), route.toleranceSeconds(), route.filter(), route.sourceRanges());
    }).toList();
    return RoutingJson.writeTable(new RoutingTable(table.formatVersion(), routes));
  }

  private static String met(boolean met) {
    return met ? "yes" : "NO";
  }

  private static double median(List<Result> results, ToDoubleFunction<Result> figure) {
    return median(results.stream().map(r -> figure.applyAsDouble(r)).toList());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static double rssMib(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone or this is not Linux
    }
    return Double.NaN;
  }

  private static double cpuSeconds(Process process) {
    return process.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
  }

  private static long[] logLevels(Path log) throws IOException {
    long warn = 0;
    long error = 0;
    try (Stream<String> lines = Files.lines(log)) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.contains(" WARN ")) {
          warn++;
        } else if (line.contains(" ERROR ")) {
          error++;
        }
      }
    }
    return new long[] {warn, error};
  }

  // ---- plumbing

  private static boolean statusAnswers(int port) {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      HttpResponse<Void> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/routes")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static final List<Process> CHILDREN = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static void waitFor(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      for (Process child : CHILDREN) {
        if (!child.isAlive()) {
          throw new IllegalStateException("process " + child.pid() + " exited (" + child.exitValue() + ") while waiting for " + what);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private static void stop(Process process) throws InterruptedException {
    if (process == null) {
      return;
    }
    CHILDREN.remove(process);
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void log(int run, String format, Object... args) {
    System.out.printf("[run %d %tT] %s%n", run, System.currentTimeMillis(), args.length == 0 ? format : format.formatted(args));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
