package dev.hookgate.operator.provider.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.operator.provider.api.ProviderApi;
import dev.hookgate.operator.provider.api.ProviderApiException;
import dev.hookgate.operator.provider.api.ProviderResponse;
import dev.hookgate.operator.routes.Cidr;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The addresses GitHub sends webhooks from: the {@code hooks} CIDRs of {@code GET {baseUrl}/meta} (no credentials
 * needed), for each API base URL (github.com, or a GitHub Enterprise Server). Each list is kept and asked for again
 * at most every {@code refreshEvery}, with its ETag, so an unchanged list costs a 304 (which does not count against
 * the rate limit). A refresh that fails keeps the list already known: only an endpoint that never had one waits.
 */
public final class GitHubHookRanges {

  /** What an endpoint gets: the CIDRs, or why there are none yet. */
  public sealed interface Lookup permits Known, Unavailable {}

  public record Known(List<String> cidrs) implements Lookup {}

  /** @param message what failed, for the endpoint's condition */
  public record Unavailable(String message) implements Lookup {}

  private record Cached(List<String> cidrs, String etag, Instant askedAt) {}

  private record Failure(String message, Instant at) {}

  /** A list never known is asked for again at most this often, however many endpoints wait for it. */
  public static final Duration RETRY_UNKNOWN_AFTER = Duration.ofSeconds(30);

  private final Duration refreshEvery;
  private final Duration timeout;
  private final Clock clock;
  private final Map<URI, Cached> known = new ConcurrentHashMap<>();
  private final Map<URI, Failure> lastFailure = new ConcurrentHashMap<>();

  public GitHubHookRanges(Duration refreshEvery, Duration timeout, Clock clock) {
    this.refreshEvery = refreshEvery;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** How often a list is asked for again; endpoints using it are reconciled at least this often. */
  public Duration refreshEvery() {
    return refreshEvery;
  }

  /** The hooks CIDRs GitHub at {@code baseUrl} lists, asking it when the known list is older than the refresh. */
  public Lookup hooks(URI baseUrl) {
    Instant now = clock.instant();
    Cached cached = known.compute(baseUrl, (url, current) -> due(url, current, now) ? ask(url, current, now) : current);
    if (cached == null) {
      Failure failure = lastFailure.get(baseUrl);
      return new Unavailable(failure == null ? "GET " + baseUrl + "/meta has not answered yet" : failure.message());
    }
    return new Known(cached.cidrs());
  }

  private boolean due(URI baseUrl, Cached current, Instant now) {
    if (current != null) {
      return !current.askedAt().plus(refreshEvery).isAfter(now);
    }
    Failure failure = lastFailure.get(baseUrl);
    return failure == null || !failure.at().plus(RETRY_UNKNOWN_AFTER).isAfter(now);
  }

  /** The list after asking; the previous one (or null) when asking failed. */
  private Cached ask(URI baseUrl, Cached current, Instant now) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/vnd.github+json");
    headers.put("X-GitHub-Api-Version", GitHubRegistrar.API_VERSION);
    if (current != null && current.etag() != null) {
      headers.put("If-None-Match", current.etag());
    }
    try (ProviderApi api = new ProviderApi(baseUrl, timeout, clock)) {
      ProviderResponse response = api.send("GET", "/meta", headers, null);
      if (response.status() == 304 && current != null) {
        lastFailure.remove(baseUrl);
        return new Cached(current.cidrs(), current.etag(), now);
      }
      List<String> cidrs = hooksOf(response.requireSuccess("GET " + baseUrl + "/meta").json());
      lastFailure.remove(baseUrl);
      return new Cached(cidrs, response.header("ETag").orElse(null), now);
    } catch (ProviderApiException | IllegalArgumentException e) {
      lastFailure.put(baseUrl, new Failure(e.getMessage(), now));
      // Kept, and asked again at the next refresh; a list never known is asked for at the endpoint's next reconcile.
      return current == null ? null : new Cached(current.cidrs(), current.etag(), now);
    }
  }

  private static List<String> hooksOf(JsonNode meta) {
    JsonNode hooks = meta.path("hooks");
    if (!hooks.isArray() || hooks.isEmpty()) {
      throw new IllegalArgumentException("GitHub's /meta lists no hooks addresses");
    }
    List<String> cidrs = new ArrayList<>();
    for (JsonNode hook : hooks) {
      Cidr.check(hook.asText());
      cidrs.add(hook.asText());
    }
    return List.copyOf(cidrs);
  }
}
