package dev.hookgate.operator.provider.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BitbucketEventsTest {

  @Test
  void globsExpandOverTheTableAndUnknownExactKeysPassThrough() {
    assertThat(BitbucketEvents.keys(List.of("issue:*", "repo:push", "repo:brand_new_event"), false))
        .containsExactly("issue:comment_created", "issue:created", "issue:updated", "repo:brand_new_event",
            "repo:push");
  }

  @Test
  void workspaceOnlyEventsOnlyForWorkspaceHooks() {
    assertThat(BitbucketEvents.keys(List.of("project:*"), true)).containsExactly("project:updated");
    assertThatThrownBy(() -> BitbucketEvents.keys(List.of("project:*"), false))
        .hasMessageContaining("matches no Bitbucket event key");
    assertThat(BitbucketEvents.keys(List.of(), false)).hasSize(22).doesNotContain("project:updated");
  }
}
