package dev.hookgate.operator.provider.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A request a fake provider API received: the raw path (still percent-encoded) as the client sent it. */
public record FakeRequest(String method, String rawPath, String rawQuery, Map<String, String> headers, String body) {

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  public boolean isRead() {
    return method.equals("GET");
  }

  /** The query's parameters, decoded; the last value of a repeated one. */
  public Map<String, String> query() {
    Map<String, String> single = new LinkedHashMap<>();
    parse(rawQuery).forEach((name, values) -> single.put(name, values.get(values.size() - 1)));
    return single;
  }

  /** A form-encoded body's parameters, decoded, every value of repeated ones ({@code enabled_events[]}). */
  public Map<String, List<String>> form() {
    return parse(body);
  }

  public JsonNode json() {
    return FakeJson.read(body);
  }

  private static Map<String, List<String>> parse(String encoded) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
    return values;
  }
}
