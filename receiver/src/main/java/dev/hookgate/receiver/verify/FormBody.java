package dev.hookgate.receiver.verify;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body (Twilio, Slack commands), UTF-8, {@code +} = space. */
final class FormBody {

  private FormBody() {}

  /** Names in first-seen order, each with its values in sent order; 400 on a broken percent escape. */
  static Map<String, List<String>> parse(byte[] body) throws DeliveryRefused {
    Map<String, List<String>> params = new LinkedHashMap<>();
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return params;
    }
    try {
      for (String pair : text.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
        String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
    } catch (IllegalArgumentException e) {
      throw new DeliveryRefused(Verification.malformed("form body"));
    }
    return params;
  }

  static String first(Map<String, List<String>> params, String... names) {
    for (String name : names) {
      List<String> values = params.get(name);
      if (values != null && !values.isEmpty()) {
        return values.get(0);
      }
    }
    return null;
  }
}
