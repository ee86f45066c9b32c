package dev.hookgate.operator.provider.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.operator.provider.api.ProviderApis;
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

  /**
   * What is known of one base URL: the list (null until read once) with its ETag, when GitHub was last asked, and
   * why that failed (null when it answered).
   */
  private record Entry(List<String> cidrs, String etag, Instant askedAt, String failure) {}

  /** A list never known is asked for again at most this often, however many endpoints wait for it. */
  static final Duration RETRY_UNKNOWN_AFTER = Duration.ofSeconds(30);

  private final ProviderApis apis;
  private final Duration refreshEvery;
  private final Clock clock;
  private final Map<URI, Entry> known = new ConcurrentHashMap<>();

  /** @param apis the operator's provider API clients (one per base URL, shared with the registrars) */
  public GitHubHookRanges(ProviderApis apis, Duration refreshEvery, Clock clock) {
    this.apis = apis;
    this.refreshEvery = refreshEvery;
    this.clock = clock;
  }

  /** How often a list is asked for again; endpoints using it are reconciled at least this often. */
  public Duration refreshEvery() {
    return refreshEvery;
  }

  /** The hooks CIDRs GitHub at {@code baseUrl} lists, asking it when the known list is older than the refresh. */
  public Lookup hooks(URI baseUrl) {
    Instant now = clock.instant();
    Entry entry = known.compute(baseUrl, (url, current) -> due(current, now) ? ask(url, current, now) : current);
    return entry.cidrs() != null ? new Known(entry.cidrs()) : new Unavailable(entry.failure());
  }

  private boolean due(Entry entry, Instant now) {
    if (entry == null) {
      return true;
    }
    Duration every = entry.cidrs() == null ? RETRY_UNKNOWN_AFTER : refreshEvery;
    return !entry.askedAt().plus(every).isAfter(now);
  }

  /** The entry after asking; a failure keeps the list already known (asked again at the next refresh). */
  private Entry ask(URI baseUrl, Entry current, Instant now) {
    List<String> knownCidrs = current == null ? null : current.cidrs();
    String knownEtag = current == null ? null : current.etag();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/vnd.github+json");
    headers.put("X-GitHub-Api-Version", GitHubRegistrar.API_VERSION);
    if (knownCidrs != null && knownEtag != null) {
      headers.put("If-None-Match", knownEtag);
    }
    try {
      ProviderResponse response = apis.forBaseUrl(baseUrl).send("GET", "/meta", headers, null);
      if (response.status() == 304 && knownCidrs != null) {
        return new Entry(knownCidrs, knownEtag, now, null);
      }
      List<String> cidrs = hooksOf(response.requireSuccess("GET " + baseUrl + "/meta").json());
      return new Entry(cidrs, response.header("ETag").orElse(null), now, null);
    } catch (ProviderApiException | IllegalArgumentException e) {
      return new Entry(knownCidrs, knownEtag, now, e.getMessage());
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
