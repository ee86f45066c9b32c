package dev.hookgate.e2e;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real kube-apiserver + etcd (RBAC on) for the whole e2e run, started by kube-api-test in offline mode from
 * the binaries {@code kube-binaries/build.sh} built. Shared by every test class: each start costs seconds, and
 * the classes work in their own namespaces. Stopped when the test JVM exits.
 */
public final class ControlPlane {

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

  public static final String SYSTEM_NAMESPACE = "hookgate-system";
  public static final String OPERATOR_SERVICE_ACCOUNT = "hookgate-operator";
  public static final String OPERATOR_USER =
      "system:serviceaccount:" + SYSTEM_NAMESPACE + ":" + OPERATOR_SERVICE_ACCOUNT;

  private static ControlPlane shared;

  private final KubeAPIServer server;
  private final Path workDir;
  private final Path kubeconfig;
  private final Config adminConfig;
  private final KubernetesClient admin;
  private final Kubectl kubectl;
  private final Path repository;
  private Kubectl.Result deployApplied;

  private ControlPlane(KubeAPIServer server, Path workDir, Path kubeconfig, Config adminConfig, Path kubectlBinary) {
    this.server = server;
    this.workDir = workDir;
    this.kubeconfig = kubeconfig;
    this.adminConfig = adminConfig;
    this.admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
    this.kubectl = new Kubectl(kubectlBinary, kubeconfig, workDir);
    this.repository = checkout();
  }

  /** The control plane of this test run, started on first use. */
  public static synchronized ControlPlane shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "control-plane-stop"));
    }
    return shared;
  }

  private static ControlPlane start() {
    KubeBinaries binaries = KubeBinaries.locate();
    binaries.check();
    long started = System.nanoTime();
    KubeAPIServer server = startedServer(binaries);
    try {
      Path workDir = Files.createTempDirectory("hookgate-e2e-");
      Path kubeconfig = workDir.resolve("kubeconfig");
      String yaml = server.getKubeConfigYaml();
      Files.writeString(kubeconfig, yaml);
      LOG.info("kube-apiserver {} (RBAC) up in {} ms; kubeconfig {}", binaries.kubernetesVersion(),
          Duration.ofNanos(System.nanoTime() - started).toMillis(), kubeconfig);
      return new ControlPlane(server, workDir, kubeconfig, Config.fromKubeconfig(yaml), binaries.kubectl());
    } catch (IOException e) {
      server.stop();
      throw new UncheckedIOException(e);
    }
  }

  /**
   * kube-apiserver and etcd on ports kube-api-test picks free. Once in a local run the apiserver exited at start
   * ("did not start properly") and left its etcd running: the failed pair is stopped and a fresh one started, once.
   */
  private static KubeAPIServer startedServer(KubeBinaries binaries) {
    for (int attempt = 1; ; attempt++) {
      KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
          .withOfflineMode(true)
          .withTestDir(binaries.testDir().toString())
          .withApiServerVersion(binaries.kubernetesVersion())
          .withUpdateKubeConfig(false)
          .build());
      try {
        server.start();
        return server;
      } catch (RuntimeException e) {
        try {
          server.stop();
        } catch (RuntimeException stopping) {
          e.addSuppressed(stopping);
        }
        if (attempt == 2) {
          throw e;
        }
        LOG.warn("kube-apiserver did not start ({}); starting a fresh control plane once more", e.getMessage());
      }
    }
  }

  /** A cluster-admin client (the client certificate kube-api-test issues is in system:masters). */
  public KubernetesClient admin() {
    return admin;
  }

  public Kubectl kubectl() {
    return kubectl;
  }

  /** helm with the same kubeconfig (helm takes kubectl's {@code --kubeconfig} flag, so the same runner serves). */
  public Kubectl helm() {
    return new Kubectl(KubeBinaries.helm(), kubeconfig, workDir);
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path workDir() {
    return workDir;
  }

  /** The checkout's root, for deploy/ and crds/. */
  public Path repository() {
    return repository;
  }

  /** The hookgate checkout the tests run in (its deploy/ and examples), without starting a control plane. */
  public static Path checkout() {
    return Path.of(System.getProperty("hookgate.e2e.repository", "..")).toAbsolutePath().normalize();
  }

  /**
   * {@code kubectl apply -k deploy/} once per run (namespace, CRD, RBAC, Deployments...), then waits for the CRD to
   * be served. Returns what the first apply printed.
   */
  public synchronized Kubectl.Result installDeploy() {
    if (deployApplied == null) {
      Kubectl.Result applied = kubectl.run("apply", "-k", repository.resolve("deploy").toString());
      if (applied.succeeded()) {
        kubectl.run("wait", "--for=condition=Established", "--timeout=60s",
            "crd/webhookendpoints.hookgate.dev").orFail();
      }
      deployApplied = applied;
    }
    return deployApplied;
  }

  /** A fresh bound token for a ServiceAccount (TokenRequest API), valid for an hour. */
  public String serviceAccountToken(String namespace, String serviceAccount) {
    return admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
  }

  /** A Fabric8 client that authenticates with {@code token} only (no client certificate). */
  public KubernetesClient clientWithToken(String token, String namespace) {
    return clientWithToken(token, namespace, builder -> { });
  }

  /** The same, with {@code http} applied to its HTTP client's builder (e.g. to record the requests it sends). */
  public KubernetesClient clientWithToken(String token, String namespace, Consumer<HttpClient.Builder> http) {
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(adminConfig.getMasterUrl())
        .withCaCertData(caCertData())
        .withOauthToken(token)
        .withNamespace(namespace)
        .build();
    return new KubernetesClientBuilder().withConfig(config).withHttpClientBuilderConsumer(http).build();
  }

  /** kubectl with a kubeconfig that holds {@code token} only, e.g. to act exactly as a ServiceAccount. */
  public Kubectl kubectlWithToken(String token) {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: kube-api-test
          cluster: {server: "%s", certificate-authority-data: "%s"}
        users:
        - name: token
          user: {token: "%s"}
        contexts:
        - name: token
          context: {cluster: kube-api-test, user: token}
        current-context: token
        """.formatted(adminConfig.getMasterUrl(), caCertData(), token);
    try {
      Path file = Files.createTempFile(workDir, "kubeconfig-token-", "");
      Files.writeString(file, yaml);
      return new Kubectl(KubeBinaries.locate().kubectl(), file, workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String caCertData() {
    if (adminConfig.getCaCertData() != null) {
      return adminConfig.getCaCertData();
    }
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(adminConfig.getCaCertFile())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void createNamespace(String name) {
    kubectl.run("create", "namespace", name).orFail();
  }

  private void stop() {
    admin.close();
    server.stop();
  }
}
