package dev.hookgate.operator.provider.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.fake.FakeGitHub;
import dev.hookgate.operator.provider.fake.FakeProviderServer.Reply;
import dev.hookgate.operator.provider.fake.FakeProviderServer.Request;
import dev.hookgate.operator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GitHub's hooks addresses read from a fake of {@code GET /meta}: cached, refreshed with the ETag, kept on failure. */
class GitHubHookRangesTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final ProviderApis apis = new ProviderApis(Duration.ofSeconds(5), clock);

  @AfterEach
  void closeClients() {
    apis.close();
  }

  @Test
  void theListIsReadOnceAndAskedForAgainWithItsEtagAfterTheRefreshInterval() {
    try (FakeGitHub github = new FakeGitHub(clock)) {
      GitHubHookRanges ranges = new GitHubHookRanges(apis, Duration.ofHours(1), clock);

      assertThat(ranges.hooks(github.baseUrl())).isEqualTo(new GitHubHookRanges.Known(List.of("192.30.252.0/22",
          "185.199.108.0/22", "140.82.112.0/20", "143.55.64.0/20", "2a0a:a440::/29", "2606:50c0::/32")));
      clock.advance(Duration.ofMinutes(59));
      ranges.hooks(github.baseUrl());
      assertThat(metaRequests(github)).hasSize(1);
      Request first = metaRequests(github).get(0);
      assertThat(first.header("Authorization")).isNull();
      assertThat(first.header("X-GitHub-Api-Version")).isEqualTo(GitHubRegistrar.API_VERSION);

      clock.advance(Duration.ofMinutes(2));
      assertThat(ranges.hooks(github.baseUrl())).isInstanceOf(GitHubHookRanges.Known.class);
      assertThat(metaRequests(github)).hasSize(2);
      assertThat(metaRequests(github).get(1).header("If-None-Match")).isEqualTo("W/\"meta-1\"");

      github.metaHooks(List.of("192.30.252.0/22", "203.0.113.0/24"));
      clock.advance(Duration.ofMinutes(61));
      assertThat(ranges.hooks(github.baseUrl()))
          .isEqualTo(new GitHubHookRanges.Known(List.of("192.30.252.0/22", "203.0.113.0/24")));
    }
  }

  @Test
  void aFailedRefreshKeepsTheListAlreadyKnown() {
    try (FakeGitHub github = new FakeGitHub(clock)) {
      GitHubHookRanges ranges = new GitHubHookRanges(apis, Duration.ofHours(1), clock);
      GitHubHookRanges.Lookup known = ranges.hooks(github.baseUrl());

      github.down(Reply.error(503, "Service Unavailable", Map.of()));
      clock.advance(Duration.ofHours(2));

      assertThat(ranges.hooks(github.baseUrl())).isEqualTo(known);
      assertThat(metaRequests(github)).hasSize(2);
    }
  }

  @Test
  void aListNeverReadIsUnavailableWithTheReasonAndAskedForAgainAfterThirtySeconds() {
    try (FakeGitHub github = new FakeGitHub(clock)) {
      GitHubHookRanges ranges = new GitHubHookRanges(apis, Duration.ofHours(1), clock);
      github.down(Reply.error(503, "Service Unavailable", Map.of()));

      GitHubHookRanges.Lookup unavailable = ranges.hooks(github.baseUrl());
      assertThat(unavailable).isInstanceOf(GitHubHookRanges.Unavailable.class);
      assertThat(((GitHubHookRanges.Unavailable) unavailable).message()).contains("/meta").contains("503");
      // many endpoints waiting for the same list ask GitHub once per retry interval
      ranges.hooks(github.baseUrl());
      ranges.hooks(github.baseUrl());
      assertThat(metaRequests(github)).hasSize(1);

      github.up();
      clock.advance(GitHubHookRanges.RETRY_UNKNOWN_AFTER);
      assertThat(ranges.hooks(github.baseUrl())).isInstanceOf(GitHubHookRanges.Known.class);
    }
  }

  @Test
  void aMetaWithoutHooksOrWithABadRangeIsRefused() {
    try (FakeGitHub github = new FakeGitHub(clock)) {
      github.metaHooks(List.of("192.30.252.1/22"));
      GitHubHookRanges.Lookup lookup =
          new GitHubHookRanges(apis, Duration.ofHours(1), clock).hooks(github.baseUrl());
      assertThat(lookup).isInstanceOf(GitHubHookRanges.Unavailable.class);
      assertThat(((GitHubHookRanges.Unavailable) lookup).message()).contains("192.30.252.1/22");

      github.metaHooks(List.of());
      clock.advance(GitHubHookRanges.RETRY_UNKNOWN_AFTER);
      lookup = new GitHubHookRanges(apis, Duration.ofHours(1), clock).hooks(github.baseUrl());
      assertThat(((GitHubHookRanges.Unavailable) lookup).message()).contains("lists no hooks addresses");
    }
  }

  private static List<Request> metaRequests(FakeGitHub github) {
    return github.requests().stream().filter(request -> request.path().equals("/meta")).toList();
  }
}
