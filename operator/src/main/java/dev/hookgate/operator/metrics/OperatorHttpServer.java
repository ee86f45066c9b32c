package dev.hookgate.operator.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hookgate.operator.api.WebhookEndpoint;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The operator's own small HTTP port (env {@code HOOKGATE_METRICS_PORT}, default 8080): {@code /metrics} in the
 * Prometheus text format (JVM and process metrics, and {@link EndpointConditionMetrics}), {@code /healthz} for the
 * liveness probe (the process answers) and {@code /readyz} for the readiness probe (the operator started; a
 * replica waiting for the leader Lease is ready too, so a rollout never waits for a leader change). It serves
 * nothing else and reads no request body.
 */
public final class OperatorHttpServer implements AutoCloseable {

  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  /**
   * @param endpoints the WebhookEndpoints in the operator's cache, at the time of the call
   * @param ready whether the operator has started
   * @param operatorMeters the operator's own meters (its left-behind receiver volumes)
   */
  public OperatorHttpServer(int port, Supplier<Stream<WebhookEndpoint>> endpoints, BooleanSupplier ready,
      MeterBinder operatorMeters) throws IOException {
    operatorMeters.bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    server = HttpServer.create(new InetSocketAddress(port), 16);
    server.createContext("/metrics", exchange -> {
      StringBuilder body = new StringBuilder(registry.scrape());
      EndpointConditionMetrics.write(endpoints.get(), body);
      reply(exchange, 200, TEXT_FORMAT, body.toString());
    });
    server.createContext("/healthz", exchange -> probe(exchange, () -> true));
    server.createContext("/readyz", exchange -> probe(exchange, ready));
    server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "operator-http");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange exchange, BooleanSupplier check) throws IOException {
    boolean ok = check.getAsBoolean();
    reply(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
  }

  private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    gcMetrics.close();
    registry.close();
  }
}
