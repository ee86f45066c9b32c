package dev.hookgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.hookgate.demo.GitHubSender;
import dev.hookgate.demo.ReceiverProcess;
import dev.hookgate.demo.SampleTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/kubectl-hookgate} against two real receiver processes, each with its own store as two receiver pods
 * have. kubectl itself is a stand-in on the PATH: {@code get pods} lists the two pods, and {@code port-forward
 * pod/P :9090} asks this test to forward a free local port to that receiver's internal port, which is what the API
 * server and the kubelet do for the real one (there is no kubelet here).
 */
class KubectlPluginTest {

  private static final String SECRET = "orders-s3cr3t-value";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern ID = Pattern.compile("\"id\" : (\\d+)");
  private static final Pattern PROVIDER_ID = Pattern.compile("\"providerDeliveryId\" : \"([^\"]+)\"");

  private static SampleTarget target;
  private static final Map<String, ReceiverProcess> pods = new java.util.LinkedHashMap<>();
  /** Two more receivers that know each other as peers (hookgate.peers.members), as the StatefulSet's pods do. */
  private static final Map<String, ReceiverProcess> peers = new java.util.LinkedHashMap<>();
  private static PortForwards forwards;
  private static Path bin;
  private static Path kubectlCalls;

  @BeforeAll
  static void start() throws Exception {
    Path workDir = Files.createTempDirectory(ControlPlane.checkout().resolve("e2e/target"), "kubectl-plugin");
    target = SampleTarget.start();
    target.answer("/orders", 410); // the target is gone: each delivery becomes a dead letter at once
    Path routes = workDir.resolve("routes.json");
    Files.writeString(routes, """
        {"formatVersion": 1, "routes": [{
          "slug": "orders-slug", "endpoint": {"namespace": "shop", "name": "orders", "generation": 1},
          "provider": "github", "signingSecrets": [{"value": "%s"}],
          "target": {"url": "%s/orders", "timeoutMillis": 5000}}]}
        """.formatted(SECRET, target.baseUri()));
    for (String pod : List.of("hookgate-receiver-0", "hookgate-receiver-1")) {
      Path podDir = Files.createDirectories(workDir.resolve(pod));
      pods.put(pod, ReceiverProcess.start(ReceiverProcess.locateJar(), routes, podDir));
    }
    Path peerRoutes = workDir.resolve("peer-routes.json");
    Files.writeString(peerRoutes, Files.readString(routes).replace("/orders\"", "/peer-orders\""));
    List<Integer> peerPorts = List.of(ReceiverProcess.freePort(), ReceiverProcess.freePort());
    String members = "http://127.0.0.1:" + peerPorts.get(0) + ",http://127.0.0.1:" + peerPorts.get(1);
    for (int i = 0; i < 2; i++) {
      Path podDir = Files.createDirectories(workDir.resolve("peer-" + i));
      peers.put("peer-" + i, ReceiverProcess.start(ReceiverProcess.locateJar(), peerRoutes, podDir,
          peerPorts.get(i), Map.of("HOOKGATE_PEERS_MEMBERS", members,
              "HOOKGATE_PEERS_SELF", "http://127.0.0.1:" + peerPorts.get(i),
              "HOOKGATE_DISPATCH_BACKOFF_CAP", "1s")));
    }
    Map<String, ReceiverProcess> everyPod = new java.util.HashMap<>(pods);
    everyPod.putAll(peers);
    forwards = new PortForwards(everyPod);
    bin = Files.createDirectories(workDir.resolve("bin"));
    kubectlCalls = workDir.resolve("kubectl-calls");
    Path kubectl = bin.resolve("kubectl");
    Files.writeString(kubectl, """
        #!/usr/bin/env bash
        # stand-in for kubectl: receiver pods, and port-forwards made by the test
        echo "$*" >> %s
        case " $* " in
          *" get pods "*) printf 'pod/hookgate-receiver-0\\npod/hookgate-receiver-1\\n' ;;
          *" port-forward "*" :9090 "*)
            for arg; do
              case $arg in pod/*) pod=${arg#pod/} ;; esac
            done
            port=$(curl -sf "%s/forward?pod=$pod") || exit 1
            echo "Forwarding from 127.0.0.1:$port -> 9090"
            echo "Forwarding from [::1]:$port -> 9090"
            exec sleep 600 ;;
          *) echo "unexpected kubectl $*" >&2; exit 1 ;;
        esac
        """.formatted(kubectlCalls, forwards.controlUri()));
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterAll
  static void stop() {
    pods.values().forEach(ReceiverProcess::close);
    peers.values().forEach(ReceiverProcess::close);
    if (forwards != null) {
      forwards.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void deadLettersAreListedPodByPodAndAnEndpointIsReplayedOnEveryPod() throws Exception {
    // One delivery to each pod (as the Service would spread them), both dead-lettered by the 410.
    Map<String, String> deliveryIds = new java.util.HashMap<>();
    Map<String, String> providerIds = new java.util.HashMap<>();
    for (var pod : pods.entrySet()) {
      byte[] body = ("{\"order\":\"" + pod.getKey() + "\"}").getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> answer = new GitHubSender()
          .send(pod.getValue().publicUri().resolve("/h/orders-slug"), "push", body, SECRET);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      await().atMost(WAIT).until(() -> ReceiverAdmin.deadLetters(pod.getValue(), "shop/orders").contains("DEAD_LETTERED"));
      Matcher id = ID.matcher(ReceiverAdmin.deadLetters(pod.getValue(), "shop/orders"));
      assertThat(id.find()).isTrue();
      deliveryIds.put(pod.getKey(), id.group(1));
      Matcher providerId = PROVIDER_ID.matcher(ReceiverAdmin.deadLetters(pod.getValue(), "shop/orders"));
      assertThat(providerId.find()).isTrue();
      providerIds.put(pod.getKey(), providerId.group(1));
    }

    Run listed = plugin("dead-letters", "shop/orders");
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    String first = listed.stdout().substring(0, listed.stdout().indexOf("# hookgate-receiver-1"));
    String second = listed.stdout().substring(listed.stdout().indexOf("# hookgate-receiver-1"));
    // Each pod's section holds that pod's dead letter, and only that one.
    assertThat(first).startsWith("# hookgate-receiver-0")
        .contains("\"id\" : " + deliveryIds.get("hookgate-receiver-0"))
        .contains(providerIds.get("hookgate-receiver-0")).doesNotContain(providerIds.get("hookgate-receiver-1"))
        .contains("the target answered 410 Gone");
    assertThat(second).contains("\"id\" : " + deliveryIds.get("hookgate-receiver-1"))
        .contains(providerIds.get("hookgate-receiver-1")).doesNotContain(providerIds.get("hookgate-receiver-0"));
    assertThat(Files.readAllLines(kubectlCalls))
        .anyMatch(call -> call.startsWith("-n hookgate-system get pods -l app.kubernetes.io/name=hookgate-receiver"));

    Run history = plugin("history", "hookgate-receiver-1/" + deliveryIds.get("hookgate-receiver-1"));
    assertThat(history.exitCode()).as(history.toString()).isZero();
    assertThat(history.stdout()).doesNotContain("# hookgate-receiver").contains("\"state\" : \"DEAD_LETTERED\"")
        .contains("\"statusCode\" : 410");
    Run bareId = plugin("history", deliveryIds.get("hookgate-receiver-1"));
    assertThat(bareId.exitCode()).isEqualTo(2);
    assertThat(bareId.stderr()).contains("a delivery is POD/ID");

    target.answer("/orders", 200);
    Run replayed = plugin("replay", "--endpoint", "shop/orders");
    assertThat(replayed.exitCode()).as(replayed.toString()).isZero();
    assertThat(replayed.stdout()).contains("# hookgate-receiver-0").contains("# hookgate-receiver-1")
        .endsWith("# replayed 2 on 2 receiver pods\n");
    await().atMost(WAIT).untilAsserted(() -> assertThat(target.received())
        .extracting(request -> new String(request.body(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder("{\"order\":\"hookgate-receiver-0\"}", "{\"order\":\"hookgate-receiver-1\"}"));
  }

  @Test
  void withPodOneReceiverIsAskedAndIdsAreBare() throws Exception {
    Run one = plugin("--pod", "hookgate-receiver-0", "replay", "--id", "999999");
    assertThat(one.exitCode()).as(one.toString()).isZero();
    assertThat(one.stdout()).isEqualToIgnoringWhitespace("{\"replayed\":0}");
    assertThat(Files.readAllLines(kubectlCalls)).last().asString()
        .contains("port-forward pod/hookgate-receiver-0 ");
  }

  @Test
  void drainMovesAPodsDeliveriesToTheOtherReceiverAndWaitsUntilNothingIsLeft() throws Exception {
    target.answer("/peer-orders", 503); // the target is down: deliveries wait in the pods' stores
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String body = "{\"order\":\"drained-" + i + "\"}";
      HttpResponse<String> answer = new GitHubSender().send(peers.get("peer-0").publicUri().resolve("/h/orders-slug"),
          "push", body.getBytes(StandardCharsets.UTF_8), SECRET);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      sent.add(body);
    }
    // peer-0 keeps the dedup keys it owns, about half, and hands the others to peer-1
    assertThat(pendingOn("peer-0")).isBetween(1L, 11L);

    Run drained = plugin("drain", "peer-0", "--timeout", "60");
    assertThat(drained.exitCode()).as(drained.toString()).isZero();
    assertThat(drained.stdout()).contains("receiver pod peer-0 is drained").contains("peer-0: DRAINED");
    assertThat(pendingOn("peer-0")).isZero();
    assertThat(pendingOn("peer-1")).isEqualTo(12);

    target.answer("/peer-orders", 200);
    await().atMost(WAIT).untilAsserted(() -> assertThat(target.received())
        .extracting(request -> new String(request.body(), StandardCharsets.UTF_8))
        .filteredOn(body -> body.contains("drained-"))
        .containsAll(sent));

    Run undrained = plugin("undrain", "peer-0");
    assertThat(undrained.exitCode()).as(undrained.toString()).isZero();
    assertThat(undrained.stdout()).contains("\"phase\" : \"SERVING\"");
  }

  @Test
  void storesSaysForEachPodWhetherItsStoreTakesDeliveriesAndWhatItHolds() throws Exception {
    Run stores = plugin("stores");
    assertThat(stores.exitCode()).as(stores.toString()).isZero();
    Pattern line = Pattern.compile(
        "hookgate-receiver-[01]: takes deliveries; \\d+ pending, \\d+ dead letters, store \\d+ bytes of \\d+");
    assertThat(stores.stdout().lines()).hasSize(2).allMatch(one -> line.matcher(one).matches());
    assertThat(stores.stdout()).contains("hookgate-receiver-0: ").contains("hookgate-receiver-1: ");
  }

  @Test
  void aPodWithoutPeersIsNotDrained() throws Exception {
    Run refused = plugin("drain", "hookgate-receiver-1");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr()).contains("receiver pod hookgate-receiver-1 did not start draining")
        .contains("no other receivers are configured");
  }

  @Test
  void aPodThatCannotBeForwardedToIsNamedAndTheRunFails() throws Exception {
    Run missing = plugin("--pod", "hookgate-receiver-9", "stores");
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
    assertThat(missing.stderr()).contains("cannot port-forward to receiver pod hookgate-receiver-9")
        .contains("receiver pod hookgate-receiver-9 did not answer");
  }

  private static long pendingOn(String pod) throws Exception {
    HttpResponse<String> progress = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(peers.get(pod).internalUri().resolve("/internal/drain")).build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher pending = Pattern.compile("\"pending\" : (\\d+)").matcher(progress.body());
    assertThat(pending.find()).as(progress.body()).isTrue();
    return Long.parseLong(pending.group(1));
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run plugin(String... args) throws Exception {
    List<String> command = new ArrayList<>(
        List.of("bash", ControlPlane.checkout().resolve("deploy/kubectl-hookgate").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    process.getOutputStream().close();
    var stdout = process.getInputStream();
    var stderr = process.getErrorStream();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the plugin finished").isTrue();
    return new Run(process.exitValue(), new String(stdout.readAllBytes(), StandardCharsets.UTF_8),
        new String(stderr.readAllBytes(), StandardCharsets.UTF_8));
  }

  /**
   * What kubectl port-forward does, on loopback: {@code GET /forward?pod=P} listens on a free port, answers it, and
   * copies every connection to P's receiver internal port and back.
   */
  private static final class PortForwards implements AutoCloseable {

    private final HttpServer control;
    private final List<ServerSocket> listeners = new CopyOnWriteArrayList<>();

    PortForwards(Map<String, ReceiverProcess> receivers) throws IOException {
      control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      control.createContext("/forward", exchange -> {
        Map<String, String> query = new java.util.HashMap<>();
        for (String pair : exchange.getRequestURI().getQuery().split("&")) {
          query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        ReceiverProcess receiver = receivers.get(query.get("pod"));
        if (receiver == null) {
          exchange.sendResponseHeaders(404, -1);
        } else {
          byte[] port = String.valueOf(forward(receiver.internalUri().getPort())).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, port.length);
          exchange.getResponseBody().write(port);
        }
        exchange.close();
      });
      control.start();
    }

    URI controlUri() {
      return URI.create("http://127.0.0.1:" + control.getAddress().getPort());
    }

    /** Listens on a port of its choosing, as {@code kubectl port-forward pod/P :9090} does; returns that port. */
    private int forward(int receiverPort) throws IOException {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      listeners.add(listener);
      daemon(() -> {
        while (!listener.isClosed()) {
          try {
            Socket client = listener.accept();
            Socket receiver = new Socket(InetAddress.getLoopbackAddress(), receiverPort);
            pipe(client, receiver);
            pipe(receiver, client);
          } catch (IOException closed) {
            return;
          }
        }
      });
      return listener.getLocalPort();
    }

    private static void pipe(Socket from, Socket to) {
      daemon(() -> {
        try (from; to) {
          from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
          // one side closed: the connection is over
        }
      });
    }

    private static void daemon(Runnable work) {
      Thread thread = new Thread(work, "port-forward");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() {
      control.stop(0);
      listeners.forEach(listener -> {
        try {
          listener.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
