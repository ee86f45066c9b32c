package dev.hookgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookgate.operator.HookgateOperator;
import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.ReplayStatus;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.receiver.EndpointSliceReceiverFleet;
import dev.hookgate.operator.receiver.ReceiverStoreEvents;
import dev.hookgate.operator.testing.Endpoints;
import dev.hookgate.operator.testing.FakeReceiver;
import dev.hookgate.routing.ReceiverStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Receivers found through the EndpointSlices of their headless Service, one ready and one not (its store is full):
 * only the ready one counts for ReceiverConfigured (the other takes no deliveries), while the status counts what
 * both hold, a replay reaches the dead letters of both, and the pod that is not ready gets an Event saying why.
 */
@EnableKubernetesMockClient(crud = true)
class NotReadyReceiversTest {

  private static final String NS = "shop";
  private static final String NAME = "payments";
  private static final String SERVICE = "hookgate-receiver-internal";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  KubernetesClient client;

  private FakeReceiver ready;
  private FakeReceiver full;
  private HookgateOperator operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (ready != null) {
      ready.close();
    }
    if (full != null) {
      full.close();
    }
  }

  @Test
  void aReceiverThatIsNotReadyCountsInTheStatusAndReplaysButIsNotWaitedFor() {
    Endpoints endpoints = Endpoints.withCrdInstalled(client, NS, TIMEOUT);
    OperatorSettings defaults = OperatorSettings.defaults();
    int port = freePort();
    ready = new FakeReceiver(client, defaults.receiverNamespace(), defaults.routesSecretName(), null,
        new InetSocketAddress("127.0.0.2", port));
    full = new FakeReceiver(client, defaults.receiverNamespace(), defaults.routesSecretName(), null,
        new InetSocketAddress("127.0.0.3", port));
    ready.reportDeliveries(new ReceiverStatus.DeliveryCounts(10, 9, 0, 1, null, "HTTP 500", null));
    full.reportDeliveries(new ReceiverStatus.DeliveryCounts(500, 100, 398, 2, null, "HTTP 503", null));
    full.reportStoreProblem("the store is full (859017216 of 858993459 bytes used; ready again below 90%)");
    client.discovery().v1().endpointSlices().inNamespace(defaults.receiverNamespace()).resource(
        new EndpointSliceBuilder()
            .withNewMetadata().withName(SERVICE + "-x1").withNamespace(defaults.receiverNamespace())
            .addToLabels(EndpointSliceReceiverFleet.SERVICE_NAME_LABEL, SERVICE).endMetadata()
            .withAddressType("IPv4")
            .addNewEndpoint().withAddresses("127.0.0.2").withNewConditions().withReady(true).endConditions()
                .withNewTargetRef().withKind("Pod").withName("hookgate-receiver-0").endTargetRef().endEndpoint()
            .addNewEndpoint().withAddresses("127.0.0.3").withNewConditions().withReady(false).endConditions()
                .withNewTargetRef().withKind("Pod").withName("hookgate-receiver-1").withUid("uid-of-receiver-1")
                .endTargetRef().endEndpoint()
            .build()).create();
    operator = HookgateOperator.start(client, OperatorSettings.builder()
        .serverSideApply(false)
        .publicBaseUrl("https://hooks.example.com")
        .receiverStatusServiceName(SERVICE)
        .receiverStatusPort(port)
        .pendingRecheck(Duration.ofMillis(200))
        .build(), java.time.Clock.systemUTC(), GatewayApi.NOT_INSTALLED);
    client.secrets().inNamespace(NS).resource(new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withNamespace(NS).withName("payments-signing").build())
        .addToData("token", Base64.getEncoder().encodeToString("s3cr3t-value".getBytes(StandardCharsets.UTF_8)))
        .build()).create();
    client.resources(WebhookEndpoint.class).inNamespace(NS).resource(ReplayAnnotationTest.endpoint()).create();

    WebhookEndpoint readyEndpoint = endpoints.awaitCondition(NAME, ConditionType.READY, "True",
        ConditionReasons.READY);
    assertThat(readyEndpoint.getStatus().getConditions()).filteredOn(c -> c.getType().equals("ReceiverConfigured"))
        .singleElement().satisfies(c -> assertThat(c.getMessage()).as("only the ready one is asked to serve it")
            .isEqualTo("1/1 receivers serve generation 1"));
    await().atMost(TIMEOUT).untilAsserted(() -> {
      var deliveries = endpoints.get(NAME).getStatus().getDeliveries();
      assertThat(deliveries).isNotNull();
      assertThat(deliveries.getReceived()).isEqualTo(510);
      assertThat(deliveries.getPending()).isEqualTo(398);
      assertThat(deliveries.getDeadLettered()).isEqualTo(3);
    });

    // kubectl describe pod hookgate-receiver-1 says why it is not ready, once.
    String receivers = defaults.receiverNamespace();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(podEvents(receivers, "hookgate-receiver-1"))
        .singleElement().satisfies(event -> {
          assertThat(event.getType()).isEqualTo("Warning");
          assertThat(event.getReason()).isEqualTo(ReceiverStoreEvents.NOT_TAKING);
          assertThat(event.getMessage()).isEqualTo("not ready, takes no deliveries: the store is full"
              + " (859017216 of 858993459 bytes used; ready again below 90%)");
          assertThat(event.getInvolvedObject().getUid()).isEqualTo("uid-of-receiver-1");
        }));
    assertThat(podEvents(receivers, "hookgate-receiver-0")).isEmpty();

    ready.answerReplays(200, 1);
    full.answerReplays(200, 2);
    client.resources(WebhookEndpoint.class).inNamespace(NS).withName(NAME).edit(endpoint -> {
      if (endpoint.getMetadata().getAnnotations() == null) {
        endpoint.getMetadata().setAnnotations(new HashMap<>());
      }
      endpoint.getMetadata().getAnnotations().put(WebhookEndpoint.REPLAY, "once");
      return endpoint;
    });
    ReplayStatus done = await().atMost(TIMEOUT).until(() -> endpoints.get(NAME).getStatus().getReplay(),
        replay -> replay != null && "once".equals(replay.getRequested()) && replay.getTime() != null);
    assertThat(done.getReplayed()).isEqualTo(3);
    assertThat(done.getReceivers()).isEqualTo(2);
    assertThat(done.getMessage()).isNull();
    assertThat(full.replayRequests()).containsExactly("{\"endpoint\":\"shop/payments\"}");

    full.reportStoreProblem(null);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(podEvents(receivers, "hookgate-receiver-1"))
        .extracting(Event::getReason).containsExactly(ReceiverStoreEvents.NOT_TAKING, ReceiverStoreEvents.TAKING));

    // Once it stops answering (it is stopping), it is left out rather than reported as a failed replay.
    full.close();
    client.resources(WebhookEndpoint.class).inNamespace(NS).withName(NAME).edit(endpoint -> {
      endpoint.getMetadata().getAnnotations().put(WebhookEndpoint.REPLAY, "twice");
      return endpoint;
    });
    ReplayStatus again = await().atMost(TIMEOUT).until(() -> endpoints.get(NAME).getStatus().getReplay(),
        replay -> replay != null && "twice".equals(replay.getRequested()) && replay.getTime() != null);
    assertThat(again.getReceivers()).isEqualTo(1);
    assertThat(again.getMessage()).isNull();
  }

  private List<Event> podEvents(String namespace, String pod) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(event -> "Pod".equals(event.getInvolvedObject().getKind())
            && pod.equals(event.getInvolvedObject().getName()))
        .sorted(java.util.Comparator.comparing(Event::getFirstTimestamp).thenComparing(e -> e.getMetadata().getName()))
        .toList();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
