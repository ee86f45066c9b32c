package dev.hookgate.operator.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonValueFormat;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;

/**
 * Writes a String field as it is, but describes it as {@code format: date-time} to the CRD generator (which takes
 * a property's format from its Jackson serializer), so the API server refuses a value that is not a date-time.
 * The field stays a String so a value the API server accepted never fails to deserialise in the operator; the
 * operator parses it itself and reports a value it cannot read as InvalidSpec.
 */
public final class DateTimeString extends StdScalarSerializer<String> {

  public DateTimeString() {
    super(String.class);
  }

  @Override
  public void serialize(String value, JsonGenerator generator, SerializerProvider provider) throws IOException {
    generator.writeString(value);
  }

  @Override
  public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType typeHint)
      throws JsonMappingException {
    visitStringFormat(visitor, typeHint, JsonValueFormat.DATE_TIME);
  }
}
