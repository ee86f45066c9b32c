package dev.hookgate.receiver.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Map;

/**
 * The body as JSON, for providers that always send JSON. Only ever parsed after the signature verified: the
 * parser never sees unauthenticated input.
 */
final class BodyJson {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private BodyJson() {}

  /** Refuses with 400 "body is not valid JSON" (a genuine delivery, but nothing a consumer could use). */
  static JsonNode parse(byte[] body) throws DeliveryRefused {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new DeliveryRefused(Verification.notJson());
      }
      return node;
    } catch (IOException e) {
      throw new DeliveryRefused(Verification.notJson());
    }
  }

  static JsonNode parse(String text) throws DeliveryRefused {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new DeliveryRefused(Verification.notJson());
    }
  }

  /** The field's scalar value as text (numbers too), or null when absent, null or not a scalar. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  /** Handshake answers: values escaped by Jackson, never by string concatenation. */
  static String write(Map<String, String> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always serialisable", e);
    }
  }
}
