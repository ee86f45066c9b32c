package dev.hookgate.demo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * hookgate's main job on one machine with no cluster: start the embedded stack, apply the GitHub example, wait
 * for Ready, send one forged and one genuine delivery, and say in plain words what happened. Exit code 0 means
 * every check passed.
 */
public final class HookgateDemo {

  static final String NAMESPACE = "demo";
  static final String ENDPOINT = "github-ci";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

  private final PrintStream out;

  HookgateDemo(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    boolean ok;
    try {
      ok = new HookgateDemo(System.out).run(ReceiverProcess.locateJar());
    } catch (Exception e) {
      System.out.println();
      System.out.println("FAILED: " + e.getMessage());
      ok = false;
    }
    System.exit(ok ? 0 : 1);
  }

  /** Runs the whole demo; true when the endpoint became Ready, the forgery was refused and the event arrived intact. */
  boolean run(Path receiverJar) throws Exception {
    out.println("hookgate demo: operator + receiver + sample target, all on loopback, no cluster needed");
    out.println();
    int[] step = {0};
    try (LocalStack stack = LocalStack.start(receiverJar,
        (what, where) -> out.printf("%2d. %-72s %s%n", ++step[0], what, where))) {
      KubernetesClient client = stack.kubernetes().client();
      stack.kubernetes().createNamespace(NAMESPACE);
      stack.kubernetes().applyClasspath("/examples/github.yaml", NAMESPACE);
      out.printf("%2d. %-72s %s%n", ++step[0], "applied deploy/examples/github.yaml (Secret + WebhookEndpoint)",
          NAMESPACE + "/" + ENDPOINT);

      Instant applied = Instant.now();
      Optional<GenericKubernetesResource> ready = awaitReady(client);
      GenericKubernetesResource endpoint = ready.orElseGet(() -> fetch(client));
      out.println();
      if (ready.isEmpty()) {
        out.println("The WebhookEndpoint did not become Ready within " + READY_TIMEOUT.toSeconds() + " s.");
        printStatus(endpoint);
        out.println("Receiver log (last lines):\n" + stack.receiver().logTail());
        return false;
      }
      out.printf("WebhookEndpoint %s/%s is Ready (%.1f s after apply)%n", NAMESPACE, ENDPOINT,
          Duration.between(applied, Instant.now()).toMillis() / 1000.0);
      printStatus(endpoint);

      URI url = URI.create(status(endpoint).get("url").toString());
      String secret = signingSecret(client);
      byte[] body = samplePayload();
      GitHubSender github = new GitHubSender();

      out.println();
      out.println("Forged delivery (same push event, signed with the wrong secret):");
      HttpResponse<String> forged = github.send(url, "push", body, "not-the-" + secret);
      boolean forgedRefused = forged.statusCode() == 401 && stack.target().received().isEmpty();
      out.printf("   receiver answered %d \"%s\"; target received %d request(s)  -> %s%n",
          forged.statusCode(), forged.body().strip(), stack.target().received().size(),
          forgedRefused ? "refused, as it must be" : "NOT REFUSED");

      out.println();
      out.println("Genuine delivery (X-Hub-Signature-256 = HMAC-SHA256 of the raw body, as GitHub signs it):");
      HttpResponse<String> genuine = github.send(url, "push", body, secret);
      out.printf("   receiver answered %d \"%s\" (stored durably; delivered to the target after the answer)%n",
          genuine.statusCode(), genuine.body().strip());
      List<SampleTarget.ReceivedRequest> received = awaitDelivery(stack.target());
      boolean delivered = genuine.statusCode() == 202 && received.size() == 1;
      boolean intact = false;
      if (delivered) {
        SampleTarget.ReceivedRequest request = received.get(0);
        intact = MessageDigest.isEqual(request.body(), body);
        out.printf("   target received POST %s, %d bytes, sha256 %s (sent %s)  -> %s%n", request.path(),
            request.body().length, sha256(request.body()), sha256(body),
            intact ? "byte-identical" : "BODY CHANGED");
        out.printf("   with headers X-GitHub-Event=%s, X-Hookgate-Endpoint=%s, X-Hookgate-Event-Type=%s,"
                + " X-Hookgate-Delivery-Id=%s%n",
            request.headers().get("x-github-event"), request.headers().get("x-hookgate-endpoint"),
            request.headers().get("x-hookgate-event-type"), request.headers().get("x-hookgate-delivery-id"));
      } else {
        out.printf("   target received %d request(s)  -> NOT DELIVERED%n", received.size());
      }

      boolean ok = forgedRefused && delivered && intact;
      out.println();
      out.println(ok
          ? "RESULT: OK: the forgery was refused and the genuine event reached the target unchanged."
          : "RESULT: FAILED: see above.");
      return ok;
    }
  }

  /** What the target got once it got something, or after {@link #DELIVERY_TIMEOUT}. */
  private static List<SampleTarget.ReceivedRequest> awaitDelivery(SampleTarget target) throws InterruptedException {
    Instant deadline = Instant.now().plus(DELIVERY_TIMEOUT);
    while (target.received().isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    return target.received();
  }

  private Optional<GenericKubernetesResource> awaitReady(KubernetesClient client) throws InterruptedException {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      GenericKubernetesResource endpoint = fetch(client);
      if (endpoint != null && "True".equals(condition(endpoint, "Ready").get("status"))) {
        return Optional.of(endpoint);
      }
      Thread.sleep(200);
    }
    return Optional.empty();
  }

  private static GenericKubernetesResource fetch(KubernetesClient client) {
    return client.genericKubernetesResources("hookgate.dev/v1alpha1", "WebhookEndpoint")
        .inNamespace(NAMESPACE).withName(ENDPOINT).get();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> status(GenericKubernetesResource endpoint) {
    Object status = endpoint == null ? null : endpoint.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> condition(GenericKubernetesResource endpoint, String type) {
    Object conditions = status(endpoint).get("conditions");
    if (conditions instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> map && type.equals(map.get("type"))) {
          return (Map<String, Object>) map;
        }
      }
    }
    return Map.of();
  }

  private void printStatus(GenericKubernetesResource endpoint) {
    Map<String, Object> status = status(endpoint);
    out.println("   URL:                " + status.getOrDefault("url", "(none yet)"));
    out.println("   observedGeneration: " + status.getOrDefault("observedGeneration", "-"));
    out.println("   conditions:");
    for (String type : List.of("Ready", "SecretResolved", "ReceiverConfigured", "IngressReady", "ProviderRegistered")) {
      Map<String, Object> condition = condition(endpoint, type);
      out.printf("     %-19s %-6s %-18s %s%n", type, condition.getOrDefault("status", "-"),
          condition.getOrDefault("reason", "-"), condition.getOrDefault("message", ""));
    }
  }

  private static String signingSecret(KubernetesClient client) {
    Secret secret = client.secrets().inNamespace(NAMESPACE).withName("github-webhook-secret").get();
    return new String(Base64.getDecoder().decode(secret.getData().get("secret")), StandardCharsets.UTF_8);
  }

  static byte[] samplePayload() throws java.io.IOException {
    try (InputStream in = HookgateDemo.class.getResourceAsStream("/sample-push-event.json")) {
      return in.readAllBytes();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16) + "...";
  }
}
