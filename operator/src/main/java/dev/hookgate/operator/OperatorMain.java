package dev.hookgate.operator;

import dev.hookgate.operator.config.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.CountDownLatch;

/** The operator process: settings from {@code HOOKGATE_*} environment variables, in-cluster or kubeconfig client. */
public final class OperatorMain {

  private OperatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    OperatorSettings settings = OperatorSettings.fromEnv(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    HookgateOperator operator = HookgateOperator.start(client, settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> {
          try {
            operator.close();
          } finally {
            client.close();
            stopped.countDown();
          }
        }, "hookgate-shutdown"));
    stopped.await();
  }
}
