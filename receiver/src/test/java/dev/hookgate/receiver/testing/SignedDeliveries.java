package dev.hookgate.receiver.testing;

import static dev.hookgate.receiver.testing.Signatures.utf8;

import dev.hookgate.receiver.verify.InboundDelivery;
import dev.hookgate.routing.EndpointRef;
import dev.hookgate.routing.GenericHmac;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.SigningSecret;
import dev.hookgate.routing.Target;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * For every provider: a route, and a genuine delivery signed the way that provider signs, with a given secret at a
 * given time. Adding a provider type fails compilation here until it has its entry.
 */
public final class SignedDeliveries {

  /** What a proxy in front of the receiver exposes; Twilio signs it. */
  public static final URI PUBLIC_URL = URI.create("https://hooks.example.com/h/any");
  public static final GenericHmac GENERIC = new GenericHmac(
      "X-Signature", GenericHmac.Algorithm.SHA256, GenericHmac.Encoding.HEX, "sha256=", "X-Event", "X-Delivery");

  private SignedDeliveries() {}

  /** A secret as routes of {@code provider} carry it, made from {@code seed}. */
  public static String secret(ProviderType provider, String seed) {
    return provider == ProviderType.STANDARD_WEBHOOKS
        ? "whsec_" + Base64.getEncoder().encodeToString(utf8(seed))
        : seed;
  }

  public static Route route(ProviderType provider, List<SigningSecret> secrets) {
    return new Route(provider.wireName(), new EndpointRef("shop", provider.wireName(), 1), provider,
        provider == ProviderType.GENERIC ? GENERIC : null, secrets, List.of(),
        new Target(URI.create("http://127.0.0.1:1/"), 1_000), PUBLIC_URL, null, null, null);
  }

  public static InboundDelivery signed(ProviderType provider, String secret, Instant at) {
    long ts = at.getEpochSecond();
    byte[] json = utf8("{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}");
    return switch (provider) {
      case GITHUB -> json(json, "X-Hub-Signature-256", Signatures.gitHub(secret, json),
          "X-GitHub-Event", "push", "X-GitHub-Delivery", "d-1");
      case GITLAB -> json(json, "X-Gitlab-Token", secret, "X-Gitlab-Event", "Push Hook", "Idempotency-Key", "k-1");
      case STRIPE -> json(json, "Stripe-Signature", Signatures.stripe(secret, ts, json));
      case SLACK -> {
        byte[] body = utf8("{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"app_mention\"}}");
        yield json(body, "X-Slack-Signature", Signatures.v0(secret, ts, body),
            "X-Slack-Request-Timestamp", String.valueOf(ts));
      }
      case SHOPIFY -> json(json, "X-Shopify-Hmac-Sha256", Signatures.shopify(secret, json),
          "X-Shopify-Topic", "orders/create", "X-Shopify-Webhook-Id", "w-1");
      case BITBUCKET -> json(json, "X-Hub-Signature", Signatures.gitHub(secret, json), "X-Event-Key", "repo:push");
      case STANDARD_WEBHOOKS -> json(json, "webhook-id", "msg_1", "webhook-timestamp", String.valueOf(ts),
          "webhook-signature", Signatures.standardWebhooks(secret, "msg_1", ts, json));
      case TWILIO -> {
        byte[] form = utf8("CallSid=CA1&CallStatus=ringing");
        String signature = Signatures.twilio(secret, PUBLIC_URL.toString(),
            Map.of("CallSid", List.of("CA1"), "CallStatus", List.of("ringing")));
        yield InboundDelivery.of(Map.of("Content-Type", "application/x-www-form-urlencoded",
            "X-Twilio-Signature", signature), form);
      }
      case LINEAR -> {
        byte[] body = utf8("{\"type\":\"Issue\",\"action\":\"create\",\"webhookTimestamp\":" + at.toEpochMilli() + "}");
        yield json(body, "linear-signature", Signatures.linear(secret, body), "Linear-Delivery", "l-1");
      }
      case ZOOM -> {
        byte[] body = utf8("{\"event\":\"meeting.started\",\"event_ts\":" + at.toEpochMilli() + "}");
        yield json(body, "x-zm-signature", Signatures.v0(secret, ts, body),
            "x-zm-request-timestamp", String.valueOf(ts));
      }
      case GENERIC -> json(json, "X-Signature", "sha256=" + Signatures.hex("HmacSHA256", utf8(secret), json),
          "X-Event", "invoice.paid");
    };
  }

  private static InboundDelivery json(byte[] body, String... headers) {
    Map<String, String> map = new java.util.HashMap<>(Map.of("Content-Type", "application/json"));
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], headers[i + 1]);
    }
    return InboundDelivery.of(map, body);
  }
}
