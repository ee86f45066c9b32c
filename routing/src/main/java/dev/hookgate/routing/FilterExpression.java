package dev.hookgate.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A payload filter from {@code spec.filter}: a CEL expression over {@code body} (the parsed JSON body, or null
 * when the body is not JSON), {@code headers} (lower-case names to values) and {@code type} (the event type,
 * "" when the provider names none) that must evaluate to a bool. The operator compiles it to refuse a bad
 * expression at reconcile time; the receiver compiles the same text once per route with the same declarations,
 * so the two can never disagree on what is valid.
 */
public final class FilterExpression {

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("body", SimpleType.DYN)
          .addVar("headers", MapType.create(SimpleType.STRING, SimpleType.STRING))
          .addVar("type", SimpleType.STRING)
          .setResultType(SimpleType.BOOL)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private final String source;
  private final CelRuntime.Program program;

  private FilterExpression(String source, CelRuntime.Program program) {
    this.source = source;
    this.program = program;
  }

  /**
   * @throws IllegalArgumentException with the CEL compiler's message, fit to show a user
   */
  public static FilterExpression compile(String source) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(source).getAst();
      return new FilterExpression(source, RUNTIME.createProgram(ast));
    } catch (CelValidationException e) {
      throw new IllegalArgumentException("invalid CEL filter: " + e.getMessage(), null);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException("invalid CEL filter: " + e.getMessage(), null);
    }
  }

  /**
   * True when the delivery passes the filter.
   *
   * @throws IllegalArgumentException when evaluation fails (e.g. a missing field is read without {@code has()})
   */
  public boolean matches(JsonNode body, Map<String, String> headers, String eventType) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("body", body == null ? NullValue.NULL_VALUE : toCel(body));
    variables.put("headers", headers);
    variables.put("type", eventType == null ? "" : eventType);
    try {
      return Boolean.TRUE.equals(program.eval(variables));
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException("filter could not be evaluated: " + e.getMessage(), null);
    }
  }

  /** JSON as CEL's runtime takes it: maps, lists, Long, Double, String, Boolean, NullValue. */
  private static Object toCel(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(field -> map.put(field.getKey(), toCel(field.getValue())));
        yield map;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>(node.size());
        node.forEach(item -> list.add(toCel(item)));
        yield list;
      }
      case NUMBER -> node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.asLong() : (Object) node.asDouble();
      case BOOLEAN -> node.asBoolean();
      case STRING -> node.asText();
      default -> NullValue.NULL_VALUE;
    };
  }

  @Override
  public String toString() {
    return source;
  }
}
