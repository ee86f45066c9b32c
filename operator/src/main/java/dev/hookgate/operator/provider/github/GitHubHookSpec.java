package dev.hookgate.operator.provider.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hook GitHub should hold for an endpoint, and how it compares with what GitHub reports. Events: spec.events
 * entries are GitHub event names; an empty list or any glob with {@code *} subscribes to every event ({@code *})
 * and the receiver's spec.events filter does the rest.
 */
record GitHubHookSpec(String url, Set<String> events, String secret) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static GitHubHookSpec of(String url, List<String> specEvents, String secret) {
    Set<String> events = new TreeSet<>();
    boolean everything = specEvents == null || specEvents.isEmpty();
    for (String event : specEvents == null ? List.<String>of() : specEvents) {
      if (event.contains("*")) {
        everything = true;
      } else {
        events.add(event.trim());
      }
    }
    return new GitHubHookSpec(url, everything ? Set.of("*") : Set.copyOf(events), secret);
  }

  /** The body of a create or update: the secret is always sent, since GitHub drops it when it is omitted. */
  String body() {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", "web");
    body.put("active", true);
    ArrayNode list = body.putArray("events");
    new TreeSet<>(events).forEach(list::add);
    ObjectNode config = body.putObject("config");
    config.put("url", url);
    config.put("content_type", "json");
    config.put("insecure_ssl", "0");
    if (secret != null) {
      config.put("secret", secret);
    }
    return body.toString();
  }

  /** What differs in GitHub's view of the hook (the secret cannot be compared: GitHub redacts it); empty if none. */
  String differences(JsonNode hook) {
    StringBuilder differs = new StringBuilder();
    Set<String> actual = new TreeSet<>();
    hook.path("events").forEach(event -> actual.add(event.asText()));
    if (!actual.equals(new TreeSet<>(events))) {
      differs.append("events ").append(actual).append(" -> ").append(new TreeSet<>(events)).append("; ");
    }
    if (!hook.path("active").asBoolean(false)) {
      differs.append("inactive -> active; ");
    }
    JsonNode config = hook.path("config");
    if (!"json".equals(config.path("content_type").asText())) {
      differs.append("content_type ").append(config.path("content_type").asText()).append(" -> json; ");
    }
    if (!url.equals(config.path("url").asText())) {
      differs.append("url -> ").append(url).append("; ");
    }
    if (!"0".equals(config.path("insecure_ssl").asText("0"))) {
      differs.append("insecure_ssl -> 0; ");
    }
    return differs.length() == 0 ? "" : differs.substring(0, differs.length() - 2);
  }

  @Override
  public String toString() {
    return "GitHubHookSpec[url=" + url + ", events=" + events + ", secret=(redacted)]";
  }
}
