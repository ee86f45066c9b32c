package dev.hookgate.receiver.verify;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One request as the provider sent it: headers (names compared case-insensitively) and the raw body bytes,
 * which are what every provider signs, and the raw query string (Twilio signs the URL it called). A GET (Twilio's
 * callbacks can be) has no body: its parameters are in the query.
 */
public final class InboundDelivery {

  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final String rawQuery;
  private final boolean get;

  public InboundDelivery(Map<String, List<String>> headers, byte[] body) {
    this(headers, body, null);
  }

  /** @param rawQuery the request URI's query as sent (still percent-encoded), without {@code ?}; null for none */
  public InboundDelivery(Map<String, List<String>> headers, byte[] body, String rawQuery) {
    this(headers, body, rawQuery, false);
  }

  private InboundDelivery(Map<String, List<String>> headers, byte[] body, String rawQuery, boolean get) {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), InboundDelivery::concat));
    this.headers = Collections.unmodifiableMap(copy);
    this.body = body == null ? new byte[0] : body;
    this.rawQuery = rawQuery == null || rawQuery.isEmpty() ? null : rawQuery;
    this.get = get;
  }

  /** A GET request: no body, its parameters in {@code rawQuery}. */
  public static InboundDelivery get(Map<String, List<String>> headers, String rawQuery) {
    return new InboundDelivery(headers, null, rawQuery, true);
  }

  public boolean isGet() {
    return get;
  }

  /**
   * What a GET is stored and forwarded as: its query string as an {@code application/x-www-form-urlencoded} body,
   * the form a POST of the same parameters would carry. Any other delivery as it is.
   */
  public InboundDelivery withQueryAsFormBody() {
    if (!get) {
      return this;
    }
    Map<String, List<String>> withType = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    withType.putAll(headers);
    withType.put("Content-Type", List.of("application/x-www-form-urlencoded"));
    return new InboundDelivery(withType, rawQuery == null ? null : rawQuery.getBytes(StandardCharsets.US_ASCII),
        rawQuery, false);
  }

  /** Convenience for single-valued headers, as most tests and providers use them. */
  public static InboundDelivery of(Map<String, String> headers, byte[] body) {
    TreeMap<String, List<String>> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, value) -> multi.put(name, List.of(value)));
    return new InboundDelivery(multi, body);
  }

  /** The first value of the header, or null when absent. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The first present header of {@code names}, in order (for providers with alias headers). */
  public String firstHeader(String... names) {
    for (String name : names) {
      String value = header(name);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** All headers, names as sent; unmodifiable. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The same delivery as received with {@code rawQuery} in its URI. */
  public InboundDelivery withRawQuery(String rawQuery) {
    return new InboundDelivery(headers, body, rawQuery, get);
  }

  /** The request URI's query as sent (percent-encoding intact), or null when there was none. */
  public String rawQuery() {
    return rawQuery;
  }

  /** The Content-Type's media type, lowercase, without parameters; empty when there is no Content-Type. */
  public String mediaType() {
    String contentType = header("Content-Type");
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  /** The raw body. Not copied: callers must not modify it. */
  public byte[] body() {
    return body;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
