package dev.hookgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.GenericProviderSpec;
import dev.hookgate.operator.api.PreviousSigningSecretRef;
import dev.hookgate.operator.api.ProviderSpec;
import dev.hookgate.operator.api.SecretKeyRef;
import dev.hookgate.operator.api.StripeProviderSpec;
import dev.hookgate.operator.api.TargetSpec;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.api.WebhookEndpointSpec;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.operator.dependent.IngressBuilder;
import dev.hookgate.operator.dependent.PublicEndpoint;
import dev.hookgate.operator.receiver.DeliveryTotals;
import dev.hookgate.operator.receiver.ReceiverProgress;
import dev.hookgate.operator.receiver.ReceiverReports;
import dev.hookgate.routing.EndpointRef;
import dev.hookgate.routing.FilterExpression;
import dev.hookgate.routing.SigningSecret;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.ReceiverStatus;
import dev.hookgate.routing.ReceiverStatus.ServedRoute;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
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
  void anIpAddressIsNoRuleHostButStaysInTheUrl() {
    assertThat(PublicEndpoint.isIpLiteral("127.0.0.1")).isTrue();
    assertThat(PublicEndpoint.isIpLiteral("[::1]")).isTrue();
    assertThat(PublicEndpoint.isIpLiteral("fd00::7")).isTrue();
    assertThat(PublicEndpoint.isIpLiteral("hooks.example.com")).isFalse();
    assertThat(PublicEndpoint.isIpLiteral("127.0.0.1.nip.io")).isFalse();
    assertThat(PublicEndpoint.isIpLiteral("localhost")).isFalse();

    WebhookEndpoint endpoint = endpoint(ProviderType.GITHUB, List.of());
    OperatorSettings settings = OperatorSettings.builder().publicBaseUrl("http://127.0.0.1:8080").build();
    assertThat(PublicEndpoint.url(endpoint, "abc", settings)).hasValue("http://127.0.0.1:8080/h/abc");
    Ingress ingress = IngressBuilder.desired(endpoint, "abc", settings).orElseThrow();
    assertThat(ingress.getSpec().getRules()).singleElement()
        .satisfies(rule -> assertThat(rule.getHost()).isNull());
  }

  @Test
  void everyProviderTypeIsAccepted() {
    for (ProviderType type : ProviderType.values()) {
      WebhookEndpoint endpoint = endpoint(type, List.of("push"));
      if (type == ProviderType.GENERIC) {
        endpoint.getSpec().getProvider().setGeneric(generic("X-Signature", null));
      }
      assertThat(SpecCheck.problem(endpoint)).as("%s", type).isEmpty();
    }
  }

  @Test
  void aFilterThatDoesNotCompileIsAnInvalidFilterWithTheCompilersMessage() {
    WebhookEndpoint endpoint = endpoint(ProviderType.GITHUB, List.of());
    endpoint.getSpec().setFilter("body.amount >");
    String compilerMessage = compilerMessage("body.amount >");

    assertThat(SpecCheck.problem(endpoint)).hasValueSatisfying(p -> {
      assertThat(p.reason()).isEqualTo(ConditionReasons.INVALID_FILTER);
      assertThat(p.message()).isEqualTo(compilerMessage).contains("invalid CEL filter");
    });

    endpoint.getSpec().setFilter("type == 'push'");
    assertThat(SpecCheck.problem(endpoint)).isEmpty();
    endpoint.getSpec().setFilter("body.amount + 1");
    assertThat(SpecCheck.problem(endpoint)).as("not a bool")
        .hasValueSatisfying(p -> assertThat(p.reason()).isEqualTo(ConditionReasons.INVALID_FILTER));
  }

  @Test
  void aSourceRangeThatIsNotACidrIsInvalidSpecNamingTheEntry() {
    WebhookEndpoint endpoint = endpoint(ProviderType.GITHUB, List.of());
    endpoint.getSpec().setSourceRanges(List.of("192.30.252.0/22", "2001:db8::/32", "10.0.0.1/8"));

    assertThat(SpecCheck.problem(endpoint)).hasValueSatisfying(p -> {
      assertThat(p.reason()).isEqualTo(ConditionReasons.INVALID_SPEC);
      assertThat(p.message()).contains("spec.sourceRanges").contains("'10.0.0.1/8'").contains("host bits");
    });

    endpoint.getSpec().setSourceRanges(List.of("192.30.252.0/22", "2001:db8::/32", "10.0.0.0/8"));
    assertThat(SpecCheck.problem(endpoint)).isEmpty();
  }

  @Test
  void genericNeedsExactlyOneOfSignatureAndTokenHeaderAndASignedContentWithBothPlaceholders() {
    WebhookEndpoint endpoint = endpoint(ProviderType.GENERIC, List.of());
    var generic = generic("X-Signature", "X-Token");
    endpoint.getSpec().getProvider().setGeneric(generic);
    assertThat(SpecCheck.problem(endpoint)).hasValueSatisfying(p ->
        assertThat(p.message()).isEqualTo(GenericProviderSpec.MESSAGE_ONE_MODE));
    generic.setTokenHeader(null);
    generic.setSignatureHeader(null);
    assertThat(SpecCheck.problem(endpoint)).hasValueSatisfying(p ->
        assertThat(p.message()).isEqualTo(GenericProviderSpec.MESSAGE_ONE_MODE));

    generic.setSignatureHeader("X-Signature");
    generic.setTimestampHeader("X-Timestamp");
    generic.setSignedContent("{timestamp}:{bod}");
    assertThat(SpecCheck.problem(endpoint)).hasValueSatisfying(p ->
        assertThat(p.message()).isEqualTo(GenericProviderSpec.MESSAGE_SIGNED_CONTENT));
    generic.setSignedContent("v1:{timestamp}:{body}");
    assertThat(SpecCheck.problem(endpoint)).isEmpty();

    generic.setTimestampHeader(null);
    assertThat(SpecCheck.problem(endpoint)).as("signedContent without timestampHeader")
        .hasValueSatisfying(p -> assertThat(p.message()).contains("need timestampHeader"));
  }

  @Test
  void aToleranceOutOfRangeIsInvalidSpec() {
    WebhookEndpoint endpoint = endpoint(ProviderType.STRIPE, List.of());
    endpoint.getSpec().getProvider().setStripe(new StripeProviderSpec(0));
    assertThat(SpecCheck.problem(endpoint)).hasValueSatisfying(p ->
        assertThat(p.message()).contains("spec.provider.stripe.toleranceSeconds").contains("got 0"));
    endpoint.getSpec().getProvider().setStripe(new StripeProviderSpec(3600));
    assertThat(SpecCheck.problem(endpoint)).isEmpty();
  }

  @Test
  void anExpiresAtThatIsNotADateTimeIsInvalidSpec() {
    WebhookEndpoint endpoint = endpoint(ProviderType.GITHUB, List.of());
    endpoint.getSpec().setPreviousSigningSecretRef(new PreviousSigningSecretRef("gh-old", "token", "tomorrow"));
    assertThat(SpecCheck.problem(endpoint)).hasValueSatisfying(p -> {
      assertThat(p.reason()).isEqualTo(ConditionReasons.INVALID_SPEC);
      assertThat(p.message()).contains("expiresAt 'tomorrow'");
    });
    endpoint.getSpec().getPreviousSigningSecretRef().setExpiresAt("2025-06-01t00:00:00+02:00");
    assertThat(SpecCheck.problem(endpoint)).isEmpty();
  }

  @Test
  void thePreviousSecretVerifiesUntilItExpiresAndIsNotNeededAfter() {
    Instant expiresAt = Instant.parse("2025-06-01T00:00:00Z");
    WebhookEndpoint endpoint = endpoint(ProviderType.GITHUB, List.of());
    endpoint.getSpec().setPreviousSigningSecretRef(
        new PreviousSigningSecretRef("gh-old", "token", "2025-06-01T00:00:00Z"));
    var current = secret("gh", "token", "bmV3");
    var old = secret("gh-old", "token", "b2xk");

    var before = SigningSecretResolution.resolve(endpoint, current, old, expiresAt.minusSeconds(1));
    assertThat(before.secrets()).containsExactly(SigningSecret.current("new"), new SigningSecret("old", expiresAt));
    assertThat(before.rotationEndsAt()).isEqualTo(expiresAt);
    assertThat(before.outcome().message()).contains("shop/gh-old").contains("2025-06-01T00:00:00Z")
        .doesNotContain("old'").doesNotContain("b2xk");

    var missingBefore = SigningSecretResolution.resolve(endpoint, current, null, expiresAt.minusSeconds(1));
    assertThat(missingBefore.resolved()).isFalse();
    assertThat(missingBefore.outcome().reason()).isEqualTo(ConditionReasons.SECRET_NOT_FOUND);
    assertThat(missingBefore.outcome().message()).contains("shop/gh-old").contains("previousSigningSecretRef");

    var after = SigningSecretResolution.resolve(endpoint, current, null, expiresAt);
    assertThat(after.secrets()).containsExactly(SigningSecret.current("new"));
    assertThat(after.rotationEndsAt()).isNull();
    assertThat(after.outcome().isTrue()).isTrue();
  }

  @Test
  void anIngressWhoseAllowlistAnnotationIsOutOfDateIsRewritten() {
    WebhookEndpoint endpoint = endpoint(ProviderType.GITHUB, List.of());
    OperatorSettings nginx = OperatorSettings.builder().publicBaseUrl("https://hooks.example.com").ingressClass("nginx")
        .build();
    Ingress withoutRanges = IngressBuilder.desired(endpoint, "s", nginx).orElseThrow();
    endpoint.getSpec().setSourceRanges(List.of("10.0.0.0/8"));
    Ingress withRanges = IngressBuilder.desired(endpoint, "s", nginx).orElseThrow();

    assertThat(withRanges.getMetadata().getAnnotations())
        .containsExactly(Map.entry("nginx.ingress.kubernetes.io/whitelist-source-range", "10.0.0.0/8"));
    assertThat(IngressStep.differs(withoutRanges, withRanges)).isTrue();
    assertThat(IngressStep.differs(withRanges, withoutRanges)).isTrue();
    assertThat(IngressStep.differs(withRanges, IngressBuilder.desired(endpoint, "s", nginx).orElseThrow())).isFalse();
  }

  @Test
  void withGitHubsHookAddressesTheIngressAllowsThemAfterTheSpecsRangesOnceRead() {
    WebhookEndpoint endpoint = endpoint(ProviderType.GITHUB, List.of());
    OperatorSettings nginx = OperatorSettings.builder().publicBaseUrl("https://hooks.example.com").ingressClass("nginx")
        .build();
    endpoint.getSpec().setSourceRanges(List.of("10.0.0.0/8"));
    var github = new dev.hookgate.operator.api.GitHubProviderBlock();
    github.setSourceRangesFromMeta(true);
    endpoint.getSpec().getProvider().setGithub(github);

    // Not read yet: an annotation of spec.sourceRanges alone would turn GitHub's own addresses away at the Ingress.
    assertThat(IngressBuilder.desired(endpoint, "s", nginx).orElseThrow().getMetadata().getAnnotations()).isNull();
    // Read: the spec's ranges, then GitHub's, as in the route.
    assertThat(IngressBuilder.desired(endpoint, "s", List.of("192.30.252.0/22", "2a0a:a440::/29"), nginx)
        .orElseThrow().getMetadata().getAnnotations())
        .containsExactly(Map.entry("nginx.ingress.kubernetes.io/whitelist-source-range",
            "10.0.0.0/8,192.30.252.0/22,2a0a:a440::/29"));
  }

  @Test
  void theSecretInformerMapsBothTheCurrentAndThePreviousSecretToTheEndpoint() {
    WebhookEndpoint endpoint = endpoint(ProviderType.GITHUB, List.of());
    assertThat(WebhookEndpointReconciler.referencedSecretKeys(endpoint)).containsExactly("shop/gh");
    endpoint.getSpec().setPreviousSigningSecretRef(
        new PreviousSigningSecretRef("gh-old", "token", "2025-06-01T00:00:00Z"));
    assertThat(WebhookEndpointReconciler.referencedSecretKeys(endpoint)).containsExactly("shop/gh", "shop/gh-old");
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
    var missing = SigningSecretResolution.resolve(endpoint, null, null, Instant.EPOCH);
    assertThat(missing.resolved()).isFalse();
    assertThat(missing.outcome().reason()).isEqualTo(ConditionReasons.SECRET_NOT_FOUND);
    assertThat(missing.outcome().message()).contains("shop/gh");

    var wrongKey = SigningSecretResolution.resolve(endpoint, secret("gh", "other", "c2VjcmV0"), null, Instant.EPOCH);
    assertThat(wrongKey.outcome().reason()).isEqualTo(ConditionReasons.SECRET_NOT_FOUND);
    assertThat(wrongKey.outcome().message()).contains("shop/gh").contains("'token'");

    var found = SigningSecretResolution.resolve(endpoint, secret("gh", "token", "c2VjcmV0"), null, Instant.EPOCH);
    assertThat(found.value()).isEqualTo("secret");
    assertThat(found.outcome().message()).doesNotContain("secret'").doesNotContain("c2VjcmV0");
    assertThat(found.toString()).doesNotContain("secret,");
  }

  @Test
  void deliveriesOfAStoreSharedByReceiversAreCountedOnceAndOwnStoresAreSummed() {
    var counts = new ReceiverStatus.DeliveryCounts(10, 7, 1, 2, null, "HTTP 500", null);
    ReceiverStatus.ServedRoute route = new ReceiverStatus.ServedRoute("s",
        new dev.hookgate.routing.EndpointRef("shop", "payments", 1), null, counts);
    var sharedA = new ReceiverStatus(Instant.EPOCH, null, List.of(route), "pg-1");
    var sharedB = new ReceiverStatus(Instant.EPOCH, null, List.of(route), "pg-1");
    var own = new ReceiverStatus(Instant.EPOCH, null, List.of(route));

    // two PostgreSQL replicas report the same database's counts: once
    DeliveryTotals shared = ReceiverProgress.of("s", 1, List.of(Optional.of(sharedA), Optional.of(sharedB)))
        .deliveries();
    assertThat(shared).isEqualTo(new DeliveryTotals(10, 7, 1, 2, "HTTP 500", null));
    // two embedded stores hold different deliveries: summed
    DeliveryTotals separate = ReceiverProgress.of("s", 1, List.of(Optional.of(own), Optional.of(own))).deliveries();
    assertThat(separate.received()).isEqualTo(20);
    assertThat(separate.deadLettered()).isEqualTo(4);
    // another shared database counts on its own
    var otherDatabase = new ReceiverStatus(Instant.EPOCH, null, List.of(route), "pg-2");
    assertThat(ReceiverProgress.of("s", 1, List.of(Optional.of(sharedA), Optional.of(otherDatabase),
        Optional.of(sharedB))).deliveries().received()).isEqualTo(20);
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

  @Test
  void deliveryCountsAreSummedOverReceiversWithTheLatestErrorAndAnyStop() {
    Instant t1 = Instant.parse("2025-01-01T00:00:00Z");
    Instant t2 = Instant.parse("2025-01-02T00:00:00Z");
    ReceiverStatus a = new ReceiverStatus(Instant.EPOCH, null, List.of(new ServedRoute("s",
        new EndpointRef("shop", "gh", 1), t1, new ReceiverStatus.DeliveryCounts(5, 3, 1, 1, t1, "HTTP 500", null))));
    ReceiverStatus b = new ReceiverStatus(Instant.EPOCH, null, List.of(new ServedRoute("s",
        new EndpointRef("shop", "gh", 1), t2, new ReceiverStatus.DeliveryCounts(7, 6, 0, 1, t2, "timed out",
            "the target answered 410 Gone: deliveries to this endpoint stopped"))));

    var progress = ReceiverProgress.of("s", 1, List.of(Optional.of(a), Optional.of(b), Optional.empty()));

    assertThat(progress.deliveries()).isEqualTo(new DeliveryTotals(12, 9, 1, 2, "timed out",
        "the target answered 410 Gone: deliveries to this endpoint stopped"));
    assertThat(ReceiverProgress.of("s", 1, List.of(Optional.of(report("s", 1, t1)))).deliveries())
        .as("no receiver reported counts").isNull();
  }

  /**
   * A receiver that is not ready (its store is full, it drains, it stops) takes no deliveries, so it is not waited for
   * to serve the generation; but what it holds is still the endpoint's, so it counts in the totals.
   */
  @Test
  void receiversThatAreNotReadyCountInTheTotalsButAreNotWaitedFor() {
    Instant t1 = Instant.parse("2025-01-01T00:00:00Z");
    Instant t2 = Instant.parse("2025-01-02T00:00:00Z");
    ReceiverStatus ready = new ReceiverStatus(Instant.EPOCH, null, List.of(new ServedRoute("s",
        new EndpointRef("shop", "gh", 2), t1, new ReceiverStatus.DeliveryCounts(5, 5, 0, 0, t1, null, null))));
    ReceiverStatus full = new ReceiverStatus(Instant.EPOCH, null, List.of(new ServedRoute("s",
        new EndpointRef("shop", "gh", 1), t2, new ReceiverStatus.DeliveryCounts(900, 100, 800, 0, t2, "HTTP 503",
            null))));

    var progress = ReceiverProgress.of("s", 2, new ReceiverReports.Reports(List.of(Optional.of(ready)),
        List.of(Optional.of(full), Optional.empty())));

    assertThat(progress.deliveries()).isEqualTo(new DeliveryTotals(905, 105, 800, 0, "HTTP 503", null));
    assertThat(progress.lastEventTime()).isEqualTo(t2);
    assertThat(progress.configured()).as("the one at generation 1 takes no deliveries").isTrue();
    assertThat(ReceiverCheck.outcome(progress).message()).isEqualTo("1/1 receivers serve generation 2");

    var noneReady = ReceiverProgress.of("s", 2, new ReceiverReports.Reports(List.of(), List.of(Optional.of(full))));
    assertThat(noneReady.deliveries().pending()).isEqualTo(800);
    assertThat(ReceiverCheck.outcome(noneReady).reason()).isEqualTo(ConditionReasons.NO_RECEIVERS);
    assertThat(ReceiverCheck.outcome(noneReady).message()).startsWith("none of 1 receiver pods is ready (")
        .contains("kubectl hookgate stores");
  }

  private static ReceiverStatus report(String slug, long generation, Instant lastEventTime) {
    return new ReceiverStatus(Instant.EPOCH, null,
        List.of(new ServedRoute(slug, new EndpointRef("shop", "gh", generation), lastEventTime)));
  }

  private static Secret secret(String name, String key, String base64Value) {
    return new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withNamespace("shop").withName(name).build())
        .withData(Map.of(key, base64Value)).build();
  }

  private static GenericProviderSpec generic(String signatureHeader, String tokenHeader) {
    GenericProviderSpec generic = new GenericProviderSpec();
    generic.setSignatureHeader(signatureHeader);
    generic.setTokenHeader(tokenHeader);
    return generic;
  }

  private static String compilerMessage(String filter) {
    try {
      FilterExpression.compile(filter);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("'" + filter + "' compiled");
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
