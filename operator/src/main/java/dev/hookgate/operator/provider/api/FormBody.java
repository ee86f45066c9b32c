package dev.hookgate.operator.provider.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** An {@code application/x-www-form-urlencoded} body, as Stripe takes it ({@code enabled_events[]=a&...}). */
public final class FormBody {

  public static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

  private final StringJoiner pairs = new StringJoiner("&");

  public FormBody add(String name, String value) {
    pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    return this;
  }

  @Override
  public String toString() {
    return pairs.toString();
  }
}
