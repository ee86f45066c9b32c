package dev.hookgate.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapping of the routing table and the receiver's status report, used by both sides so the two
 * can never disagree on the format. Output is pretty-printed and stable (same table, same bytes).
 */
public final class RoutingJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private RoutingJson() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  public static RoutingTable readTable(byte[] json) {
    RoutingTable table = read(json, RoutingTable.class);
    if (table.formatVersion() != RoutingTable.FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "routing table formatVersion " + table.formatVersion() + " is not supported (expected "
              + RoutingTable.FORMAT_VERSION + ")");
    }
    return table;
  }

  public static ReceiverStatus readStatus(byte[] json) {
    return read(json, ReceiverStatus.class);
  }

  private static <T> T read(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      // Jackson's message may quote the input, and the input holds signing secrets: keep only the location.
      throw new IllegalArgumentException(
          "invalid " + type.getSimpleName() + " JSON at " + e.getLocation().offsetDescription(), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
