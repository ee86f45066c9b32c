package dev.hookgate.operator.provider.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitLabEventsTest {

  @Test
  void globsChooseTheFlagsAndEveryOtherFlagIsSentOff() {
    Map<String, Boolean> flags = GitLabEvents.flags(List.of("*Merge Request Hook", "Tag Push Hook"), false);

    assertThat(flags).containsEntry("merge_requests_events", true).containsEntry("tag_push_events", true)
        .containsEntry("push_events", false).containsEntry("note_events", false)
        .doesNotContainKeys("member_events", "subgroup_events", "project_events")
        .hasSize(15);
  }

  @Test
  void noEventsIsEveryFlagAndGroupHooksHaveTheGroupOnlyOnes() {
    assertThat(GitLabEvents.flags(List.of(), true)).hasSize(18).doesNotContainValue(false);
    assertThat(GitLabEvents.flags(List.of("Member Hook"), true)).containsEntry("member_events", true);
  }

  @Test
  void eventsThatNameNoGitLabEventAreRefused() {
    assertThatThrownBy(() -> GitLabEvents.flags(List.of("push", "merge_request"), false))
        .hasMessageContaining("names no GitLab project hook event");
    assertThatThrownBy(() -> GitLabEvents.flags(List.of("Member Hook"), false))
        .as("a group-only event on a project hook").isInstanceOf(IllegalArgumentException.class);
  }
}
