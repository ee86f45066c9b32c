package dev.hookgate.operator.provider.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code rel="next"} target of an RFC 8288 {@code Link} header (GitHub and GitLab pagination). */
public final class LinkHeader {

  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");

  private LinkHeader() {}

  public static Optional<String> next(ProviderResponse response) {
    return response.header("link").flatMap(LinkHeader::next);
  }

  static Optional<String> next(String header) {
    Matcher matcher = NEXT.matcher(header);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
