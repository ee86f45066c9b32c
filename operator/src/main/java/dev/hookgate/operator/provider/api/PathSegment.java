package dev.hookgate.operator.provider.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encodes one path segment: GitLab's {@code group%2Fproject}, Bitbucket's {@code %7Buuid%7D}. */
public final class PathSegment {

  private PathSegment() {}

  public static String encode(String segment) {
    // URLEncoder is for forms: '+' stands for a space there, not in a path.
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
