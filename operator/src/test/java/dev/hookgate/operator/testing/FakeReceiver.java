package dev.hookgate.operator.testing;

import com.sun.net.httpserver.HttpServer;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.receiver.ReceiverReplayClient;
import dev.hookgate.operator.routes.RoutesSecretBuilder;
import dev.hookgate.routing.ReceiverStatus;
import dev.hookgate.routing.RoutingJson;
import dev.hookgate.routing.RoutingTable;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A receiver's status endpoint on loopback that reports every route of the routes Secret as served, as a receiver
 * that reloaded it would, each with {@code lastEventTime} and the delivery counts set by {@link #reportDeliveries};
 * and its replay endpoint, which records each request's body and answers with the count set by
 * {@link #answerReplays}.
 */
public final class FakeReceiver implements AutoCloseable {

  private final HttpServer server;
  private final KubernetesClient client;
  private final String namespace;
  private final String routesSecret;
  private final Instant lastEventTime;
  private volatile ReceiverStatus.DeliveryCounts deliveries;
  private volatile boolean routesHeldBack;
  private volatile String storeProblem;
  private final List<String> replayRequests = new CopyOnWriteArrayList<>();
  private volatile int replayStatus = 200;
  private volatile long replayed;

  public FakeReceiver(KubernetesClient client, String namespace, String routesSecret, Instant lastEventTime) {
    this(client, namespace, routesSecret, lastEventTime, new InetSocketAddress("127.0.0.1", 0));
  }

  /**
   * Listening on {@code address}: receivers found through EndpointSlices share one status port, each on its own
   * address (any of 127.0.0.0/8 on Linux).
   */
  public FakeReceiver(KubernetesClient client, String namespace, String routesSecret, Instant lastEventTime,
      InetSocketAddress address) {
    this.client = client;
    this.namespace = namespace;
    this.routesSecret = routesSecret;
    this.lastEventTime = lastEventTime;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/internal/routes", exchange -> {
      byte[] body = RoutingJson.write(servedRoutes());
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext(ReceiverReplayClient.PATH, exchange -> {
      replayRequests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = ("{\"replayed\":" + replayed + "}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(replayStatus, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  /** For the settings' default receiver namespace and routes Secret. */
  public FakeReceiver(KubernetesClient client, Instant lastEventTime) {
    this(client, OperatorSettings.defaults().receiverNamespace(), OperatorSettings.defaults().routesSecretName(),
        lastEventTime);
  }

  /** Reports {@code counts} as every route's deliveries from now on. */
  public void reportDeliveries(ReceiverStatus.DeliveryCounts counts) {
    this.deliveries = counts;
  }

  /** Reports {@code problem} as why its store takes no deliveries from now on; null: it takes them. */
  public void reportStoreProblem(String problem) {
    this.storeProblem = problem;
  }

  /** While held back it answers but serves no route, as a receiver that has not reloaded the Secret yet. */
  public void holdRoutesBack(boolean held) {
    this.routesHeldBack = held;
  }

  /** Answers replays from now on with {@code status} and, when 200, {@code {"replayed": count}}. */
  public void answerReplays(int status, long count) {
    this.replayStatus = status;
    this.replayed = count;
  }

  /** The bodies of the replay requests received so far, in order. */
  public List<String> replayRequests() {
    return List.copyOf(replayRequests);
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private ReceiverStatus servedRoutes() {
    RoutingTable table = RoutesSecretBuilder.currentTable(
        client.secrets().inNamespace(namespace).withName(routesSecret).get());
    return new ReceiverStatus(Instant.now(), null, routesHeldBack ? List.of() : table.routes().stream()
        .map(r -> new ReceiverStatus.ServedRoute(r.slug(), r.endpoint(), lastEventTime, deliveries))
        .toList(), null, storeProblem);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
