package dev.hookgate.routing;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An event-type filter from {@code spec.events}: {@code *} matches any run of characters, everything else
 * matches itself. {@code "pull_request"}, {@code "invoice.*"} and {@code "*"} are globs.
 */
public final class EventGlob {

  /** What a glob may contain; the CRD schema enforces the same pattern. */
  public static final String SYNTAX = "^[A-Za-z0-9_.:/* -]{1,128}$";

  private static final Pattern SYNTAX_PATTERN = Pattern.compile(SYNTAX);

  private final String glob;
  private final Pattern pattern;

  private EventGlob(String glob) {
    this.glob = glob;
    StringBuilder regex = new StringBuilder();
    for (String literal : glob.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(literal));
    }
    this.pattern = Pattern.compile(regex.toString());
  }

  /**
   * @throws IllegalArgumentException naming the glob and what is wrong with it
   */
  public static EventGlob compile(String glob) {
    if (glob == null || !SYNTAX_PATTERN.matcher(glob).matches()) {
      throw new IllegalArgumentException(
          "event filter '" + glob + "' is not a glob: use 1 to 128 letters, digits, '_', '.', ':', '/', '-', ' '"
              + " and '*' (any run of characters)");
    }
    return new EventGlob(glob);
  }

  /** True when {@code globs} is empty (no filter) or any glob matches {@code eventType}. */
  public static boolean anyMatches(List<EventGlob> globs, String eventType) {
    if (globs.isEmpty()) {
      return true;
    }
    if (eventType == null) {
      return false;
    }
    for (EventGlob glob : globs) {
      if (glob.matches(eventType)) {
        return true;
      }
    }
    return false;
  }

  public boolean matches(String eventType) {
    return pattern.matcher(eventType).matches();
  }

  @Override
  public String toString() {
    return glob;
  }
}
