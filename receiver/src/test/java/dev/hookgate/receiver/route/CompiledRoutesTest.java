package dev.hookgate.receiver.route;

import static dev.hookgate.receiver.testing.Signatures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.receiver.filter.PayloadFilter;
import dev.hookgate.receiver.guard.CidrRange;
import dev.hookgate.receiver.testing.Signatures;
import dev.hookgate.receiver.testing.TestRoutes;
import dev.hookgate.receiver.verify.InboundDelivery;
import dev.hookgate.receiver.verify.ProviderVerifiers;
import dev.hookgate.receiver.verify.Verification;
import dev.hookgate.routing.EndpointRef;
import dev.hookgate.routing.ProviderType;
import dev.hookgate.routing.Route;
import dev.hookgate.routing.RoutingTable;
import dev.hookgate.routing.SigningSecret;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompiledRoutesTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final URI TARGET = URI.create("http://127.0.0.1/");
  private static final byte[] BODY = utf8("{\"ref\":\"main\"}");

  @Test
  void aPreviousSecretVerifiesUntilItExpiresAndTheCurrentOneAlways() {
    Route route = TestRoutes.withSecrets(
        TestRoutes.route("gh", ProviderType.GITHUB, "unused", TARGET),
        List.of(SigningSecret.current("new-secret"), new SigningSecret("old-secret", NOW)));
    CompiledRoute compiled = compile(route).forSlug("gh").orElseThrow();

    assertThat(compiled.verify(gitHub("old-secret", "application/json"), NOW))
        .isInstanceOf(Verification.Accepted.class);
    assertThat(compiled.verify(gitHub("old-secret", "application/json"), NOW.plusSeconds(1)))
        .isEqualTo(Verification.mismatch());
    assertThat(compiled.verify(gitHub("new-secret", "application/json"), NOW.plusSeconds(1)))
        .isInstanceOf(Verification.Accepted.class);
  }

  @Test
  void refusesContentTypesTheProviderNeverSends() {
    CompiledRoute compiled =
        compile(TestRoutes.route("gh", ProviderType.GITHUB, "s", TARGET)).forSlug("gh").orElseThrow();

    assertThat(compiled.verify(gitHub("s", "application/json; charset=utf-8"), NOW))
        .isInstanceOf(Verification.Accepted.class);
    assertThat(compiled.verify(gitHub("s", "Application/X-WWW-Form-Urlencoded"), NOW))
        .isInstanceOf(Verification.Accepted.class);
    assertThat(compiled.verify(gitHub("s", "text/plain"), NOW)).isEqualTo(Verification.unsupportedContentType());
    assertThat(compiled.verify(gitHub("s", null), NOW)).isEqualTo(Verification.unsupportedContentType());
  }

  @Test
  void everyProviderHasAVerifier() {
    ProviderVerifiers verifiers = new ProviderVerifiers();
    for (ProviderType provider : ProviderType.values()) {
      assertThat(verifiers.forProvider(provider)).as(provider.wireName()).isNotNull();
    }
  }

  @Test
  void aTwilioRouteWithoutPublicUrlIsNotServed() {
    Route twilio = TestRoutes.route("tw", ProviderType.TWILIO, "auth-token", TARGET);
    assertThat(compile(twilio).forSlug("tw")).isEmpty();
    assertThat(problems(twilio))
        .contains("shop/tw")
        .contains("publicUrl")
        .doesNotContain("auth-token");
  }

  @Test
  void appliesTheEventFilter() {
    CompiledRoute compiled = compile(TestRoutes.route("gh", ProviderType.GITHUB, "s", TARGET, "push", "pull_*"))
        .forSlug("gh").orElseThrow();

    assertThat(compiled.wants("push")).isTrue();
    assertThat(compiled.wants("pull_request")).isTrue();
    assertThat(compiled.wants("issues")).isFalse();
    assertThat(compiled.wants(null)).isFalse();
  }

  @Test
  void servesOnlyTheFirstOfTwoRoutesOnOneSlugInTableOrder() {
    Route first = TestRoutes.route("same", ProviderType.GITHUB, "s", TARGET);
    Route second = new Route("same", new EndpointRef("zeta", "ns", 1), ProviderType.GITHUB, null,
        first.signingSecrets(), List.of(), first.target());

    CompiledRoutes compiled = compile(first, second);
    assertThat(compiled.forSlug("same")).get().extracting(route -> route.route().endpoint()).isEqualTo(first.endpoint());
    assertThat(compiled.problems()).singleElement().asString().contains("zeta/ns").contains("slug");
  }

  @Test
  void aBadRouteIsLeftOutWhileTheOthersLoad() {
    Route good = TestRoutes.route("good", ProviderType.GITHUB, "s", TARGET);
    Route bad = TestRoutes.route("bad", ProviderType.GITHUB, "s", TARGET, "push!");

    CompiledRoutes compiled = compile(good, bad);

    assertThat(compiled.forSlug("good")).isPresent();
    assertThat(compiled.forSlug("bad")).isEmpty();
    assertThat(compiled.problems()).singleElement().asString().contains("shop/bad").contains("not served");
  }

  @Test
  void aRouteThatNoLongerCompilesKeepsTheVersionThatWasServed() {
    Route working = TestRoutes.withGeneration(TestRoutes.route("gh", ProviderType.GITHUB, "s", TARGET), 4);
    CompiledRoutes before = compile(working);
    Route broken = TestRoutes.withFilter(TestRoutes.withGeneration(working, 5), "body.x ==");

    CompiledRoutes after = compileAfter(before, broken);

    assertThat(after.forSlug("gh")).get().extracting(route -> route.route().endpoint().generation()).isEqualTo(4L);
    assertThat(after.problems()).singleElement().asString()
        .contains("shop/gh").contains("generation 4 stays in use").contains("CEL");
  }

  @Test
  void namesABadRouteByItsEndpointButNeverItsSecret() {
    Route badGlob = TestRoutes.route("gh", ProviderType.GITHUB, "s3cr3t", TARGET, "push!");
    assertThat(problems(badGlob)).contains("shop/gh").contains("push!");

    Route badSecret = TestRoutes.route("sw", ProviderType.STANDARD_WEBHOOKS, "whsec_s3cr3t*", TARGET);
    assertThat(problems(badSecret)).contains("shop/sw").doesNotContain("s3cr3t");
  }

  @Test
  void admitsOnlyClientsInItsSourceRangesWhenItHasAny() {
    CompiledRoute open = compile(TestRoutes.route("gh", ProviderType.GITHUB, "s", TARGET)).forSlug("gh").orElseThrow();
    CompiledRoute ranged = compile(TestRoutes.withSourceRanges(
        TestRoutes.route("gh", ProviderType.GITHUB, "s", TARGET), "192.30.252.0/22", "2001:db8::/32"))
        .forSlug("gh").orElseThrow();

    assertThat(open.admits(CidrRange.parseLiteral("127.0.0.1"))).isTrue();
    assertThat(ranged.admits(CidrRange.parseLiteral("192.30.253.1"))).isTrue();
    assertThat(ranged.admits(CidrRange.parseLiteral("2001:db8::1"))).isTrue();
    assertThat(ranged.admits(CidrRange.parseLiteral("127.0.0.1"))).isFalse();
  }

  @Test
  void namesAnInvalidSourceRangeOrFilterAndItsEndpoint() {
    Route badRange = TestRoutes.withSourceRanges(
        TestRoutes.route("gh", ProviderType.GITHUB, "s", TARGET), "10.0.0.0/8", "10.0.0.0/40");
    assertThat(problems(badRange)).contains("shop/gh").contains("source range").contains("10.0.0.0/40");

    Route badFilter = TestRoutes.withFilter(TestRoutes.route("gh", ProviderType.GITHUB, "s", TARGET), "body.x ==");
    assertThat(problems(badFilter)).contains("shop/gh").contains("CEL");
  }

  @Test
  void compilesTheFilterWithTheTableAndAppliesIt() {
    CompiledRoute compiled = compile(TestRoutes.withFilter(
        TestRoutes.route("gh", ProviderType.GITHUB, "s", TARGET), "body.ref == 'main'")).forSlug("gh").orElseThrow();

    assertThat(compiled.filter(gitHub("s", "application/json"), "push")).isEqualTo(PayloadFilter.Outcome.PASSED);
    assertThat(compiled.filter(InboundDelivery.of(Map.of("Content-Type", "application/json"), utf8("{\"ref\":\"dev\"}")),
        "push")).isEqualTo(PayloadFilter.Outcome.FILTERED);
    assertThat(compile(TestRoutes.route("gh", ProviderType.GITHUB, "s", TARGET)).forSlug("gh").orElseThrow()
        .filter(gitHub("s", "text/plain"), null)).as("no filter").isEqualTo(PayloadFilter.Outcome.PASSED);
  }

  private static CompiledRoutes compile(Route... routes) {
    return compileAfter(CompiledRoutes.empty(), routes);
  }

  private static CompiledRoutes compileAfter(CompiledRoutes previous, Route... routes) {
    return CompiledRoutes.compile(
        new RoutingTable(RoutingTable.FORMAT_VERSION, List.of(routes)), new ProviderVerifiers(), previous);
  }

  /** The problems of a table made of {@code routes}, asserting the bad routes were left out. */
  private static String problems(Route... routes) {
    CompiledRoutes compiled = compile(routes);
    assertThat(compiled.problems()).as("problems").isNotEmpty();
    return String.join("; ", compiled.problems());
  }

  private static InboundDelivery gitHub(String secret, String contentType) {
    Map<String, String> headers = contentType == null
        ? Map.of("X-Hub-Signature-256", Signatures.gitHub(secret, BODY))
        : Map.of("X-Hub-Signature-256", Signatures.gitHub(secret, BODY), "Content-Type", contentType);
    return InboundDelivery.of(headers, BODY);
  }
}
