package dev.hookgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every hookgate metric the chart's alerts and dashboard query, and the README names, is one the receiver or the
 * operator exports: a name misspelt in a PrometheusRule is an alert that never fires, and nothing else would notice.
 */
class MetricNamesTest {

  private static final Path REPOSITORY = ControlPlane.checkout();
  /** A meter's name as the code registers it, dotted (Micrometer) or as exported. */
  private static final Pattern METER = Pattern.compile("\"(hookgate[._](?:receiver|operator)[a-z_.]*)\"");
  private static final Pattern QUERIED = Pattern.compile("hookgate_(?:receiver|operator)_[a-z_]+");
  /** What the Prometheus registry appends: a counter's {@code _total}, a base unit, a histogram's series. */
  private static final List<String> SUFFIXES = List.of("", "_total", "_bytes", "_seconds", "_seconds_bucket",
      "_seconds_count", "_seconds_sum", "_seconds_max");

  @Test
  void everyMetricTheChartQueriesAndTheReadmeNamesIsExported() {
    Set<String> exported = new TreeSet<>();
    for (String module : List.of("receiver", "operator")) {
      for (Path source : files(REPOSITORY.resolve(module).resolve("src/main/java"), ".java")) {
        Matcher meter = METER.matcher(read(source));
        while (meter.find()) {
          exported.add(meter.group(1).replace('.', '_'));
        }
      }
    }
    assertThat(exported).contains("hookgate_receiver_requests", "hookgate_operator_webhookendpoint_condition");

    Path chart = REPOSITORY.resolve("deploy/chart/hookgate");
    Set<String> queried = new TreeSet<>();
    for (Path file : Stream.of(files(chart.resolve("templates"), ".yaml"), files(chart.resolve("dashboards"), ".json"),
        List.of(REPOSITORY.resolve("README.md"))).flatMap(List::stream).toList()) {
      Matcher name = QUERIED.matcher(read(file));
      while (name.find()) {
        queried.add(name.group());
      }
    }
    assertThat(queried).contains("hookgate_receiver_requests_total", "hookgate_receiver_delivery_seconds_bucket",
        "hookgate_receiver_dedup_key_backups_waiting");

    assertThat(queried).allSatisfy(name -> assertThat(SUFFIXES.stream()
        .anyMatch(suffix -> name.endsWith(suffix) && exported.contains(name.substring(0,
            name.length() - suffix.length())))).as("%s is exported by the receiver or the operator", name).isTrue());
  }

  private static List<Path> files(Path dir, String extension) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(path -> path.toString().endsWith(extension)).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
