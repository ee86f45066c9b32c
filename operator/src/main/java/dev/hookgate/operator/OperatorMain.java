package dev.hookgate.operator;

import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.metrics.OperatorHttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/** The operator process: settings from {@code HOOKGATE_*} environment variables, in-cluster or kubeconfig client. */
public final class OperatorMain {

  /** The port of /metrics, /healthz and /readyz; 0 turns them off. */
  static final String METRICS_PORT = "HOOKGATE_METRICS_PORT";

  private OperatorMain() {}

  public static void main(String[] args) throws InterruptedException, IOException {
    OperatorSettings settings = OperatorSettings.fromEnv(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    HookgateOperator operator = HookgateOperator.start(client, settings);
    int metricsPort = Integer.parseInt(System.getenv().getOrDefault(METRICS_PORT, "8080").trim());
    OperatorHttpServer http = metricsPort == 0 ? null
        : new OperatorHttpServer(metricsPort, operator::endpoints, operator::started, operator.meters());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> {
          try {
            if (http != null) {
              http.close();
            }
            operator.close();
          } finally {
            client.close();
            stopped.countDown();
          }
        }, "hookgate-shutdown"));
    stopped.await();
  }
}
