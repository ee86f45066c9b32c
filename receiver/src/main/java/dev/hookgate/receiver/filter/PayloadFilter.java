package dev.hookgate.receiver.filter;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.receiver.verify.InboundDelivery;
import dev.hookgate.routing.FilterExpression;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A route's CEL {@code filter}, compiled once when the routing table loads and evaluated per delivery over
 * {@code body} (the JSON body, parsed only here and only for a JSON content type; null otherwise or when it does not
 * parse), {@code headers} (lower-case names, first value) and {@code type}.
 */
public final class PayloadFilter {

  /** What the filter made of one delivery. */
  public enum Outcome {
    PASSED,
    FILTERED,
    /** The expression could not be evaluated (e.g. it reads a field the body lacks): treated as not matching. */
    NOT_EVALUABLE
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FilterExpression expression;

  private PayloadFilter(FilterExpression expression) {
    this.expression = expression;
  }

  /**
   * @throws IllegalArgumentException with the CEL compiler's message when {@code source} is not a valid filter
   */
  public static PayloadFilter compile(String source) {
    return new PayloadFilter(FilterExpression.compile(source));
  }

  public Outcome evaluate(InboundDelivery delivery, String eventType) {
    try {
      return expression.matches(jsonBody(delivery), headers(delivery), eventType) ? Outcome.PASSED : Outcome.FILTERED;
    } catch (RuntimeException e) { // IllegalArgumentException from CEL, or anything its runtime throws
      return Outcome.NOT_EVALUABLE;
    }
  }

  @Override
  public String toString() {
    return expression.toString();
  }

  private static JsonNode jsonBody(InboundDelivery delivery) {
    if (!isJson(delivery.mediaType()) || delivery.body().length == 0) {
      return null;
    }
    try {
      return JSON.readTree(delivery.body());
    } catch (JacksonException e) {
      return null;
    } catch (IOException e) {
      return null; // not thrown for an in-memory array, but declared
    }
  }

  /** @param media a lower-case media type without parameters, as {@link InboundDelivery#mediaType()} gives it */
  private static boolean isJson(String media) {
    return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
  }

  private static Map<String, String> headers(InboundDelivery delivery) {
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, List<String>> header : delivery.headers().entrySet()) {
      if (!header.getValue().isEmpty()) {
        headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue().get(0));
      }
    }
    return headers;
  }
}
