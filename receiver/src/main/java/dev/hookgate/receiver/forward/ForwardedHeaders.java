package dev.hookgate.receiver.forward;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Which of the provider's headers are kept for the target: all but hop-by-hop ones and our own. */
public final class ForwardedHeaders {

  private static final Set<String> HOP_BY_HOP = Set.of(
      "host", "connection", "content-length", "transfer-encoding", "keep-alive", "te", "trailer", "upgrade",
      "expect");

  private ForwardedHeaders() {}

  public static Map<String, List<String>> select(Map<String, List<String>> received) {
    Set<String> namedByConnection = received.entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase("connection"))
        .flatMap(entry -> entry.getValue().stream())
        .flatMap(value -> Arrays.stream(value.split(",")))
        .map(token -> token.trim().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    Map<String, List<String>> kept = new LinkedHashMap<>();
    received.forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      boolean drop = HOP_BY_HOP.contains(lower)
          || namedByConnection.contains(lower)
          || lower.startsWith("proxy-")
          || lower.startsWith("x-hookgate-"); // only we set these: a sender must not be able to spoof them
      if (!drop) {
        kept.put(name, List.copyOf(values));
      }
    });
    return kept;
  }
}
