package dev.hookgate.receiver.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A delivery's headers as the JSON text a store keeps: {@code {"Name": ["value", ...]}}, order kept. */
public final class HeadersJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, List<String>>> TYPE = new TypeReference<>() {};

  private HeadersJson() {}

  public static String write(Map<String, List<String>> headers) {
    try {
      return JSON.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("headers cannot be written as JSON", e);
    }
  }

  public static Map<String, List<String>> read(String json) {
    try {
      return JSON.readValue(json, TYPE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored headers are not valid JSON", e);
    }
  }
}
