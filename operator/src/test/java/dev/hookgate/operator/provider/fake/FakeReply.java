package dev.hookgate.operator.provider.fake;

import java.util.Map;

/** What a fake provider API answers. */
public record FakeReply(int status, Map<String, String> headers, String body) {

  public static FakeReply json(int status, Object body) {
    return new FakeReply(status, Map.of("Content-Type", "application/json"), FakeJson.write(body));
  }

  public static FakeReply empty(int status) {
    return new FakeReply(status, Map.of(), "");
  }

  public FakeReply withHeaders(Map<String, String> more) {
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.putAll(more);
    return new FakeReply(status, all, body);
  }
}
