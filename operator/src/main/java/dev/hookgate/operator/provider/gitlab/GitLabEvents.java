package dev.hookgate.operator.provider.gitlab;

import dev.hookgate.routing.EventGlob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one table from GitLab's event names (the {@code X-Gitlab-Event} header, which spec.events filters on) to the
 * hook's event flags. spec.events globs choose the flags: a flag is on when any glob matches its event name, and
 * every other flag is sent as false (GitLab turns push_events on unless told otherwise). No spec.events: all on.
 */
final class GitLabEvents {

  private record Entry(String eventName, String flag, boolean groupOnly) {}

  private static final List<Entry> TABLE = List.of(
      new Entry("Push Hook", "push_events", false),
      new Entry("Tag Push Hook", "tag_push_events", false),
      new Entry("Issue Hook", "issues_events", false),
      new Entry("Confidential Issue Hook", "confidential_issues_events", false),
      new Entry("Note Hook", "note_events", false),
      new Entry("Confidential Note Hook", "confidential_note_events", false),
      new Entry("Merge Request Hook", "merge_requests_events", false),
      new Entry("Job Hook", "job_events", false),
      new Entry("Pipeline Hook", "pipeline_events", false),
      new Entry("Wiki Page Hook", "wiki_page_events", false),
      new Entry("Deployment Hook", "deployment_events", false),
      new Entry("Feature Flag Hook", "feature_flag_events", false),
      new Entry("Release Hook", "releases_events", false),
      new Entry("Emoji Hook", "emoji_events", false),
      new Entry("Resource Access Token Hook", "resource_access_token_events", false),
      new Entry("Member Hook", "member_events", true),
      new Entry("Subgroup Hook", "subgroup_events", true),
      new Entry("Project Hook", "project_events", true));

  private GitLabEvents() {}

  /**
   * @param events spec.events
   * @param group whether the hook is a group hook (which has the group-only flags)
   * @return every flag the hook has, in table order, on or off
   * @throws IllegalArgumentException when spec.events is not empty but names no GitLab event
   */
  static Map<String, Boolean> flags(List<String> events, boolean group) {
    List<EventGlob> globs = events == null ? List.of() : events.stream().map(EventGlob::compile).toList();
    Map<String, Boolean> flags = new LinkedHashMap<>();
    boolean any = false;
    for (Entry entry : TABLE) {
      if (entry.groupOnly() && !group) {
        continue;
      }
      boolean on = EventGlob.anyMatches(globs, entry.eventName());
      flags.put(entry.flag(), on);
      any |= on;
    }
    if (!any) {
      throw new IllegalArgumentException("spec.events " + events + " names no GitLab " + (group ? "group" : "project")
          + " hook event; use the X-Gitlab-Event names, e.g. \"Push Hook\" or \"Merge Request Hook\"");
    }
    return flags;
  }
}
