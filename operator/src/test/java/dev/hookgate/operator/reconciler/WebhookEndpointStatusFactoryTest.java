package dev.hookgate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.api.WebhookEndpointStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WebhookEndpointStatusFactoryTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant T1 = T0.plus(Duration.ofMinutes(5));
  private static final String SLUG = "0123456789abcdef0123456789abcdef";
  private static final String URL = "https://hooks.example.com/h/" + SLUG;

  private final WebhookEndpointStatusFactory atT0 = new WebhookEndpointStatusFactory(Clock.fixed(T0, ZoneOffset.UTC));
  private final WebhookEndpointStatusFactory atT1 = new WebhookEndpointStatusFactory(Clock.fixed(T1, ZoneOffset.UTC));

  @Test
  void readyWhenEveryConditionIsTrue() {
    WebhookEndpointStatus status = atT0.status(null, 3, allGood(null));

    assertThat(status.getSlug()).isEqualTo(SLUG);
    assertThat(status.getUrl()).isEqualTo(URL);
    assertThat(status.getObservedGeneration()).isEqualTo(3);
    assertThat(status.getConditions()).extracting(Condition::getType)
        .containsExactly("Ready", "SecretResolved", "IngressReady", "ReceiverConfigured", "ProviderRegistered");
    assertThat(status.getConditions()).allSatisfy(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getObservedGeneration()).isEqualTo(3);
      assertThat(c.getLastTransitionTime()).isEqualTo("2025-03-01T10:00:00Z");
    });
    assertThat(status.condition(ConditionType.READY).orElseThrow().getReason()).isEqualTo(ConditionReasons.READY);
  }

  @Test
  void readyTakesTheReasonAndMessageOfTheFirstFailingCondition() {
    Observation observation = new Observation(SLUG, URL, null,
        ConditionOutcome.failed(ConditionType.SECRET_RESOLVED, ConditionReasons.SECRET_NOT_FOUND, "Secret shop/x not found"),
        ConditionOutcome.failed(ConditionType.INGRESS_READY, ConditionReasons.NO_PUBLIC_HOST, "no host"),
        ConditionOutcome.unknown(ConditionType.RECEIVER_CONFIGURED, ConditionReasons.NOT_CHECKED, "not checked"),
        REGISTERED,
        null, null);

    Condition ready = atT0.status(null, 1, observation).condition(ConditionType.READY).orElseThrow();

    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(ConditionReasons.SECRET_NOT_FOUND);
    assertThat(ready.getMessage()).isEqualTo("Secret shop/x not found");
  }

  @Test
  void aSpecProblemComesBeforeEveryOtherCondition() {
    Observation observation = new Observation(SLUG, URL,
        ConditionOutcome.failed(ConditionType.READY, ConditionReasons.INVALID_FILTER, "invalid CEL filter: ..."),
        ConditionOutcome.failed(ConditionType.SECRET_RESOLVED, ConditionReasons.SECRET_NOT_FOUND, "missing"),
        ok(ConditionType.INGRESS_READY, ConditionReasons.CREATED),
        ConditionOutcome.unknown(ConditionType.RECEIVER_CONFIGURED, ConditionReasons.NOT_CHECKED, "not checked"),
        REGISTERED,
        null, null);

    Condition ready = atT0.status(null, 1, observation).condition(ConditionType.READY).orElseThrow();

    assertThat(ready.getReason()).isEqualTo(ConditionReasons.INVALID_FILTER);
  }

  @Test
  void anUnknownConditionKeepsReadyFalse() {
    Observation observation = new Observation(SLUG, URL, null,
        ok(ConditionType.SECRET_RESOLVED, ConditionReasons.SECRET_FOUND),
        ok(ConditionType.INGRESS_READY, ConditionReasons.CREATED),
        ConditionOutcome.unknown(ConditionType.RECEIVER_CONFIGURED, ConditionReasons.NOT_CHECKED, "not checked"),
        REGISTERED,
        null, null);

    assertThat(atT0.status(null, 1, observation).condition(ConditionType.READY).orElseThrow().getStatus())
        .isEqualTo("False");
  }

  @Test
  void lastTransitionTimeIsKeptWhileStatusReasonAndMessageStayTheSame() {
    WebhookEndpointStatus prior = atT0.status(null, 1, allGood(null));

    WebhookEndpointStatus next = atT1.status(prior, 2, allGood(null));

    assertThat(next.getConditions()).allSatisfy(c -> {
      assertThat(c.getLastTransitionTime()).isEqualTo("2025-03-01T10:00:00Z");
      assertThat(c.getObservedGeneration()).isEqualTo(2);
    });
  }

  @Test
  void lastTransitionTimeChangesWithTheStatusOrTheMessage() {
    WebhookEndpointStatus prior = atT0.status(null, 1, allGood(null));
    Observation pending = new Observation(SLUG, URL, null,
        ok(ConditionType.SECRET_RESOLVED, ConditionReasons.SECRET_FOUND),
        ok(ConditionType.INGRESS_READY, ConditionReasons.CREATED),
        ConditionOutcome.failed(ConditionType.RECEIVER_CONFIGURED, ConditionReasons.PENDING, "0/1 receivers serve generation 2 yet"),
        REGISTERED,
        null, null);

    WebhookEndpointStatus next = atT1.status(prior, 2, pending);

    assertThat(next.condition(ConditionType.RECEIVER_CONFIGURED).orElseThrow().getLastTransitionTime())
        .isEqualTo("2025-03-01T10:05:00Z");
    assertThat(next.condition(ConditionType.READY).orElseThrow().getLastTransitionTime())
        .isEqualTo("2025-03-01T10:05:00Z");
    assertThat(next.condition(ConditionType.SECRET_RESOLVED).orElseThrow().getLastTransitionTime())
        .isEqualTo("2025-03-01T10:00:00Z");
  }

  @Test
  void sameObservationGivesAnEqualStatusSoNothingIsPatched() {
    WebhookEndpointStatus prior = atT0.status(null, 1, allGood(null));

    assertThat(atT1.status(prior, 1, allGood(null))).isEqualTo(prior);
  }

  @Test
  void lastEventTimeNeverGoesBackwards() {
    Instant earlier = Instant.parse("2025-03-01T09:00:00Z");
    Instant later = Instant.parse("2025-03-01T09:30:00Z");
    WebhookEndpointStatus prior = atT0.status(null, 1, allGood(later));

    assertThat(atT1.status(prior, 1, allGood(earlier)).getDeliveries().getLastEventTime())
        .isEqualTo("2025-03-01T09:30:00Z");
    assertThat(atT1.status(prior, 1, allGood(null)).getDeliveries().getLastEventTime())
        .isEqualTo("2025-03-01T09:30:00Z");
    assertThat(atT1.status(null, 1, allGood(null)).getDeliveries()).isNull();
  }

  @Test
  void transitionsListConditionsWhoseStatusOrReasonChanged() {
    WebhookEndpointStatus prior = atT0.status(null, 1, allGood(null));
    Observation secretGone = new Observation(SLUG, URL, null,
        ConditionOutcome.failed(ConditionType.SECRET_RESOLVED, ConditionReasons.SECRET_NOT_FOUND, "missing"),
        ok(ConditionType.INGRESS_READY, ConditionReasons.CREATED),
        ok(ConditionType.RECEIVER_CONFIGURED, ConditionReasons.LOADED),
        REGISTERED,
        null, null);

    assertThat(WebhookEndpointStatusFactory.transitions(null, prior)).hasSize(5);
    assertThat(WebhookEndpointStatusFactory.transitions(prior, atT1.status(prior, 1, allGood(null)))).isEmpty();
    assertThat(WebhookEndpointStatusFactory.transitions(prior, atT1.status(prior, 1, secretGone)))
        .extracting(Condition::getType)
        .containsExactly("Ready", "SecretResolved");
  }

  private static Observation allGood(Instant lastEventTime) {
    return new Observation(SLUG, URL, null,
        ok(ConditionType.SECRET_RESOLVED, ConditionReasons.SECRET_FOUND),
        ok(ConditionType.INGRESS_READY, ConditionReasons.CREATED),
        ok(ConditionType.RECEIVER_CONFIGURED, ConditionReasons.LOADED),
        REGISTERED,
        lastEventTime, Duration.ofSeconds(60));
  }

  @Test
  void manualRegistrationDoesNotHoldReadyBackButAFailedRegistrationDoes() {
    assertThat(atT0.status(null, 1, allGood(null)).condition(ConditionType.READY).orElseThrow().getStatus())
        .isEqualTo("True");

    Observation registrationFailed = new Observation(SLUG, URL, null,
        ok(ConditionType.SECRET_RESOLVED, ConditionReasons.SECRET_FOUND),
        ok(ConditionType.INGRESS_READY, ConditionReasons.CREATED),
        ok(ConditionType.RECEIVER_CONFIGURED, ConditionReasons.LOADED),
        ConditionOutcome.failed(ConditionType.PROVIDER_REGISTERED, "CredentialsInvalid", "the API token was refused"),
        null, null);
    Condition ready = atT0.status(null, 1, registrationFailed).condition(ConditionType.READY).orElseThrow();

    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("CredentialsInvalid");
  }

  private static final ConditionOutcome REGISTERED =
      ok(ConditionType.PROVIDER_REGISTERED, ConditionReasons.MANUAL_REGISTRATION_REQUIRED);

  private static ConditionOutcome ok(ConditionType type, String reason) {
    return ConditionOutcome.ok(type, reason, type.value() + " is fine");
  }
}
