package dev.hookgate.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The one JSON mapping of the routing table and the receiver's status report, used by both sides so the two
 * can never disagree on the format. Output is stable (same table, same bytes): pretty-printed, except the
 * routes Secret's table, which is compact and gzip'd ({@link #writeTable}).
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

  /**
   * A table inflated beyond this is refused: far more than a Secret's 1 MiB of gzip'd routes can honestly hold,
   * and a bound on what a corrupt file can make the receiver allocate.
   */
  static final int MAX_TABLE_BYTES = 256 * 1024 * 1024;

  private RoutingJson() {}

  /**
   * The table as the routes Secret holds it: compact JSON, gzip'd. The Secret is rewritten whole on every route
   * change and sent to every receiver, so its size is what the API server, etcd and the operator pay for each
   * change (1,000 routes: about 630 KB of pretty JSON, 40-100 KB gzip'd), and what bounds the number of routes.
   */
  public static byte[] writeTable(RoutingTable table) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValue(gzip, table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** Reads a table written by {@link #writeTable}, or plain JSON (a routes file written by hand). */
  public static RoutingTable readTable(byte[] bytes) {
    RoutingTable table = read(isGzip(bytes) ? inflate(bytes) : bytes, RoutingTable.class);
    if (table.formatVersion() != RoutingTable.FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "routing table formatVersion " + table.formatVersion() + " is not supported (expected "
              + RoutingTable.FORMAT_VERSION + ")");
    }
    return table;
  }

  private static boolean isGzip(byte[] bytes) {
    return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
  }

  private static byte[] inflate(byte[] gzipped) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      byte[] json = in.readNBytes(MAX_TABLE_BYTES + 1);
      if (json.length > MAX_TABLE_BYTES) {
        throw new IllegalArgumentException("routing table inflates to more than " + MAX_TABLE_BYTES + " bytes");
      }
      return json;
    } catch (IOException e) {
      throw new IllegalArgumentException("routing table is not valid gzip: " + e.getMessage(), null);
    }
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
