package dev.hookgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's first command, run as a user runs it: the whole story must end in OK. */
class HookgateDemoTest {

  @Test
  void demoRefusesTheForgeryAndDeliversTheGenuineEventByteIdentical() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    boolean ok = new HookgateDemo(new PrintStream(printed, true, StandardCharsets.UTF_8))
        .run(ReceiverProcess.locateJar());

    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(ok).as(output).isTrue();
    assertThat(output)
        .contains("is Ready")
        .contains("receiver answered 401")
        .contains("refused, as it must be")
        .contains("receiver answered 202")
        .contains("byte-identical")
        .contains("RESULT: OK");
  }
}
