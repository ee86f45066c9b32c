package dev.hookgate.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventGlobTest {

  @Test
  void starMatchesAnyRunAndEverythingElseIsLiteral() {
    assertThat(EventGlob.compile("invoice.*").matches("invoice.paid")).isTrue();
    assertThat(EventGlob.compile("invoice.*").matches("invoicexpaid")).isFalse();
    assertThat(EventGlob.compile("pull_request").matches("pull_request_review")).isFalse();
    assertThat(EventGlob.compile("*").matches("anything at all")).isTrue();
    assertThat(EventGlob.compile("repo:*").matches("repo:push")).isTrue();
    assertThat(EventGlob.compile("Push Hook").matches("Push Hook")).isTrue();
  }

  @Test
  void emptyListMatchesEveryTypeButAFilterNeedsAType() {
    assertThat(EventGlob.anyMatches(List.of(), null)).isTrue();
    assertThat(EventGlob.anyMatches(List.of(EventGlob.compile("push")), null)).isFalse();
    assertThat(EventGlob.anyMatches(List.of(EventGlob.compile("a"), EventGlob.compile("p*")), "push")).isTrue();
  }

  @Test
  void refusesWhatIsNotAGlob() {
    assertThatThrownBy(() -> EventGlob.compile("push[")).hasMessageContaining("'push['");
    assertThatThrownBy(() -> EventGlob.compile("")).isInstanceOf(IllegalArgumentException.class);
  }
}
