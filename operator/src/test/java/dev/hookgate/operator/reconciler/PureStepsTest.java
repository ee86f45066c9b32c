package dev.hookgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ProviderSpec;
import dev.hookgate.operator.api.SecretKeyRef;
import dev.hookgate.operator.api.TargetSpec;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.api.WebhookEndpointSpec;
import dev.hookgate.operator.receiver.ReceiverProgress;
import dev.hookgate.routing.EndpointRef;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.ReceiverStatus;
import dev.hookgate.routing.ReceiverStatus.ServedRoute;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PureStepsTest {

  @Test
  void slugsAre128RandomBitsInLowercaseHex() {
    String slug = Slugs.generate();
    assertThat(slug).matches("[0-9a-f]{32}");
    assertThat(Slugs.generate()).isNotEqualTo(slug);
  }

  @Test
  void unsupportedProvidersAreRefusedWithAClearMessage() {
    var problem = SpecCheck.problem(endpoint(ProviderType.STRIPE, List.of()));
    assertThat(problem).hasValueSatisfying(p -> {
      assertThat(p.reason()).isEqualTo(ConditionReasons.PROVIDER_NOT_SUPPORTED);
      assertThat(p.message()).contains("stripe").contains("github, standardwebhooks, generic".split(", ")[0]);
    });
    assertThat(SpecCheck.problem(endpoint(ProviderType.GITHUB, List.of("push")))).isEmpty();
  }

  @Test
  void badGlobsAreAnInvalidFilter() {
    var problem = SpecCheck.problem(endpoint(ProviderType.GITHUB, List.of("push", "bad[glob]")));
    assertThat(problem).hasValueSatisfying(p -> {
      assertThat(p.reason()).isEqualTo(ConditionReasons.INVALID_FILTER);
      assertThat(p.message()).contains("bad[glob]");
    });
  }

  @Test
  void genericWithoutItsBlockIsInvalid() {
    assertThat(SpecCheck.problem(endpoint(ProviderType.GENERIC, List.of())))
        .hasValueSatisfying(p -> assertThat(p.reason()).isEqualTo(ConditionReasons.INVALID_SPEC));
  }

  @Test
  void signingSecretMessagesNameTheSecretButNeverTheValue() {
    WebhookEndpoint endpoint = endpoint(ProviderType.GITHUB, List.of());
    var missing = SigningSecretResolution.resolve(endpoint, null);
    assertThat(missing.resolved()).isFalse();
    assertThat(missing.outcome().reason()).isEqualTo(ConditionReasons.SECRET_NOT_FOUND);
    assertThat(missing.outcome().message()).contains("shop/gh");

    var wrongKey = SigningSecretResolution.resolve(endpoint, new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("gh").build())
        .withData(Map.of("other", "c2VjcmV0")).build());
    assertThat(wrongKey.outcome().reason()).isEqualTo(ConditionReasons.SECRET_NOT_FOUND);
    assertThat(wrongKey.outcome().message()).contains("shop/gh").contains("'token'");

    var found = SigningSecretResolution.resolve(endpoint, new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("gh").build())
        .withData(Map.of("token", "c2VjcmV0")).build());
    assertThat(found.value()).isEqualTo("secret");
    assertThat(found.outcome().message()).doesNotContain("secret'").doesNotContain("c2VjcmV0");
    assertThat(found.toString()).doesNotContain("secret,");
  }

  @Test
  void receiversAreConfiguredWhenEveryAnsweringReceiverServesTheGeneration() {
    Instant t1 = Instant.parse("2025-01-01T00:00:00Z");
    Instant t2 = Instant.parse("2025-01-02T00:00:00Z");
    var atGen3 = report("s", 3, t1);
    var atGen2 = report("s", 2, t2);

    var pending = ReceiverProgress.of("s", 3, List.of(Optional.of(atGen3), Optional.of(atGen2)));
    assertThat(pending.configured()).isFalse();
    assertThat(pending.lastEventTime()).isEqualTo(t2);
    assertThat(ReceiverCheck.outcome(pending).reason()).isEqualTo(ConditionReasons.PENDING);
    assertThat(ReceiverCheck.outcome(pending).message()).isEqualTo("1/2 receivers serve generation 3 yet");

    var loaded = ReceiverProgress.of("s", 3, List.of(Optional.of(atGen3), Optional.empty()));
    assertThat(loaded.configured()).isTrue();
    assertThat(ReceiverCheck.outcome(loaded).reason()).isEqualTo(ConditionReasons.LOADED);
    assertThat(ReceiverCheck.outcome(loaded).message()).isEqualTo("1/1 receivers serve generation 3");

    var silent = ReceiverProgress.of("s", 3, List.of(Optional.empty()));
    assertThat(ReceiverCheck.outcome(silent).reason()).isEqualTo(ConditionReasons.NO_RECEIVERS);
    assertThat(ReceiverCheck.outcome(ReceiverProgress.of("s", 3, List.of())).message())
        .isEqualTo("no receiver pods found");
  }

  private static ReceiverStatus report(String slug, long generation, Instant lastEventTime) {
    return new ReceiverStatus(Instant.EPOCH, null,
        List.of(new ServedRoute(slug, new EndpointRef("shop", "gh", generation), lastEventTime)));
  }

  static WebhookEndpoint endpoint(ProviderType type, List<String> events) {
    WebhookEndpoint endpoint = new WebhookEndpoint();
    endpoint.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("gh").withGeneration(1L).build());
    WebhookEndpointSpec spec = new WebhookEndpointSpec();
    ProviderSpec provider = new ProviderSpec();
    provider.setType(type);
    spec.setProvider(provider);
    spec.setSigningSecretRef(new SecretKeyRef("gh", "token"));
    spec.setEvents(events);
    spec.setTarget(new TargetSpec(new TargetSpec.ServiceRef("ci", 8080), "/"));
    endpoint.setSpec(spec);
    return endpoint;
  }
}
