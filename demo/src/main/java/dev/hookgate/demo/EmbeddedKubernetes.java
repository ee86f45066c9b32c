package dev.hookgate.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes API on loopback for running hookgate with no cluster at hand: Fabric8's mock server in CRUD mode
 * (objects are stored, watched, patched; no schema validation, no RBAC), with hookgate's CRD installed.
 */
public final class EmbeddedKubernetes implements AutoCloseable {

  private static final String CRD_RESOURCE = "/crds/webhookendpoints.hookgate.dev-v1.yml";
  // The mock server logs every request through java.util.logging; held here so the level setting sticks.
  private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private EmbeddedKubernetes(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  public static EmbeddedKubernetes start() throws IOException {
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient client = server.createClient();
    EmbeddedKubernetes kubernetes = new EmbeddedKubernetes(server, client);
    kubernetes.applyClasspath(CRD_RESOURCE, null);
    return kubernetes;
  }

  public KubernetesClient client() {
    return client;
  }

  public String url() {
    return client.getMasterUrl().toString();
  }

  public void createNamespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
  }

  /**
   * Creates every object of a YAML file from the classpath, in {@code namespace} when given. Secrets'
   * {@code stringData} is folded into {@code data} the way the real API server does it on write.
   */
  public List<HasMetadata> applyClasspath(String resource, String namespace) throws IOException {
    try (InputStream yaml = EmbeddedKubernetes.class.getResourceAsStream(resource)) {
      if (yaml == null) {
        throw new IOException("no resource " + resource + " on the classpath");
      }
      List<HasMetadata> objects = client.load(yaml).items();
      for (HasMetadata object : objects) {
        if (namespace != null) {
          object.getMetadata().setNamespace(namespace);
        }
        if (object instanceof Secret secret) {
          foldStringData(secret);
        }
        client.resource(object).create();
      }
      return objects;
    }
  }

  static void foldStringData(Secret secret) {
    if (secret.getStringData() == null || secret.getStringData().isEmpty()) {
      return;
    }
    Map<String, String> data = new LinkedHashMap<>(secret.getData() == null ? Map.of() : secret.getData());
    secret.getStringData().forEach((key, value) ->
        data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    secret.setData(data);
    secret.setStringData(null);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
