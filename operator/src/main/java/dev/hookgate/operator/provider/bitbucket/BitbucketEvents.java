package dev.hookgate.operator.provider.bitbucket;

import dev.hookgate.routing.EventGlob;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The one table of Bitbucket Cloud's event keys (the {@code X-Event-Key} header, which spec.events filters on).
 * Bitbucket wants an explicit list, so spec.events globs are expanded over this table: {@code pullrequest:*} is
 * every pull request event, no spec.events is every event. A name without {@code *} that the table lacks is sent
 * as it is (Bitbucket may know events newer than this table).
 */
final class BitbucketEvents {

  private record Entry(String key, boolean workspaceOnly) {}

  private static final List<Entry> TABLE = List.of(
      new Entry("repo:push", false),
      new Entry("repo:fork", false),
      new Entry("repo:updated", false),
      new Entry("repo:commit_comment_created", false),
      new Entry("repo:commit_status_created", false),
      new Entry("repo:commit_status_updated", false),
      new Entry("issue:created", false),
      new Entry("issue:updated", false),
      new Entry("issue:comment_created", false),
      new Entry("pullrequest:created", false),
      new Entry("pullrequest:updated", false),
      new Entry("pullrequest:changes_request_created", false),
      new Entry("pullrequest:changes_request_removed", false),
      new Entry("pullrequest:approved", false),
      new Entry("pullrequest:unapproved", false),
      new Entry("pullrequest:fulfilled", false),
      new Entry("pullrequest:rejected", false),
      new Entry("pullrequest:comment_created", false),
      new Entry("pullrequest:comment_updated", false),
      new Entry("pullrequest:comment_deleted", false),
      new Entry("pullrequest:comment_resolved", false),
      new Entry("pullrequest:comment_reopened", false),
      new Entry("project:updated", true));

  private BitbucketEvents() {}

  /**
   * @param events spec.events
   * @param workspace whether the hook is a workspace hook (which may also take the workspace-only events)
   * @return the event keys to subscribe, sorted
   * @throws IllegalArgumentException naming a glob that matches no Bitbucket event
   */
  static List<String> keys(List<String> events, boolean workspace) {
    List<Entry> applicable = TABLE.stream().filter(entry -> workspace || !entry.workspaceOnly()).toList();
    TreeSet<String> keys = new TreeSet<>();
    if (events == null || events.isEmpty()) {
      applicable.forEach(entry -> keys.add(entry.key()));
      return new ArrayList<>(keys);
    }
    for (String event : events) {
      EventGlob glob = EventGlob.compile(event);
      List<String> matched = applicable.stream().map(Entry::key).filter(glob::matches).toList();
      if (matched.isEmpty() && event.contains("*")) {
        throw new IllegalArgumentException("spec.events '" + event + "' matches no Bitbucket event key; use keys"
            + " such as repo:push or pullrequest:created");
      }
      keys.addAll(matched.isEmpty() ? List.of(event) : matched);
    }
    return new ArrayList<>(keys);
  }
}
