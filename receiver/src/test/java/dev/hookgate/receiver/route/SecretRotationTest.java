package dev.hookgate.receiver.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.testing.Outcomes;
import dev.hookgate.receiver.testing.SignedDeliveries;
import dev.hookgate.receiver.verify.ProviderVerifiers;
import dev.hookgate.receiver.verify.Verification;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingTable;
import dev.hookgate.routing.SigningSecret;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every provider, through the compiled route: a rotation's previous secret verifies until it expires. */
class SecretRotationTest {

  private static final Instant EXPIRY = Instant.parse("2026-01-01T00:00:00Z");

  @ParameterizedTest
  @EnumSource(ProviderType.class)
  void aPreviousSecretVerifiesUntilItExpiresAndTheCurrentOneAlways(ProviderType provider) {
    String current = SignedDeliveries.secret(provider, "current-secret");
    String previous = SignedDeliveries.secret(provider, "previous-secret");
    String stranger = SignedDeliveries.secret(provider, "someone-elses-secret");
    Route route = SignedDeliveries.route(provider,
        List.of(SigningSecret.current(current), new SigningSecret(previous, EXPIRY)));
    CompiledRoute compiled = CompiledRoutes.compile(
            new RoutingTable(RoutingTable.FORMAT_VERSION, List.of(route)), new ProviderVerifiers(), CompiledRoutes.empty())
        .forSlug(route.slug()).orElseThrow();
    Instant afterExpiry = EXPIRY.plusSeconds(1);

    assertThat(compiled.verify(SignedDeliveries.signed(provider, previous, EXPIRY), EXPIRY))
        .as("previous secret before it expires").isInstanceOf(Verification.Accepted.class);
    assertThat(compiled.verify(SignedDeliveries.signed(provider, current, EXPIRY), EXPIRY))
        .as("current secret during the rotation").isInstanceOf(Verification.Accepted.class);
    assertThat(Outcomes.status(compiled.verify(SignedDeliveries.signed(provider, previous, afterExpiry), afterExpiry)))
        .as("previous secret after it expired").isEqualTo(401);
    assertThat(compiled.verify(SignedDeliveries.signed(provider, current, afterExpiry), afterExpiry))
        .as("current secret after the rotation").isInstanceOf(Verification.Accepted.class);
    assertThat(Outcomes.status(compiled.verify(SignedDeliveries.signed(provider, stranger, EXPIRY), EXPIRY)))
        .as("a secret the route does not have").isEqualTo(401);
  }
}
