package dev.hookgate.operator.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hookgate.operator.api.WebhookEndpoint;
import dev.hookgate.operator.config.OperatorSettings;
import dev.hookgate.routing.RoutingJson;
import dev.hookgate.routing.RoutingTable;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Golden-file cases of one desired-state builder: {@code src/test/resources/golden/<builder>/<case>/} holds the
 * inputs ({@code in-WebhookEndpoint.yaml}, {@code in-Secret-<name>.yaml}, {@code in-settings.env} with
 * {@code HOOKGATE_*=value} lines, {@code in-now.txt} with the reconciler clock's instant) and the expected outputs
 * ({@code out-<Kind>-<name>.yaml}).
 *
 * <p>Every produced output must equal its expected file, and every expected file must be produced. Run with
 * {@code -Dgolden.update=true} to rewrite the expected files from what the builders produce now (then review the
 * diff). For readability, Secrets are written and read with decoded {@code stringData} instead of base64
 * {@code data} (the gzip'd routes table inflated); inputs are converted to {@code data} as the API server would.
 */
public final class GoldenCases {

  private static final Path ROOT = Path.of("src", "test", "resources", "golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final KubernetesSerialization KUBE = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .build();

  private GoldenCases() {}

  /** One dynamic test per case directory of {@code builder}. */
  public static Stream<DynamicTest> run(String builder, Function<Inputs, Map<String, String>> produce) {
    Path dir = ROOT.resolve(builder);
    List<Path> cases;
    try (Stream<Path> list = Files.list(dir)) {
      cases = list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(cases).as("golden cases under %s", dir).isNotEmpty();
    return cases.stream()
        .map(caseDir -> DynamicTest.dynamicTest(caseDir.getFileName().toString(), () -> check(caseDir, produce)));
  }

  private static void check(Path caseDir, Function<Inputs, Map<String, String>> produce) throws IOException {
    Map<String, String> actual = produce.apply(new Inputs(caseDir));
    Map<String, String> expected = new TreeMap<>();
    try (Stream<Path> list = Files.list(caseDir)) {
      for (Path file : list.filter(f -> f.getFileName().toString().startsWith("out-")).toList()) {
        expected.put(file.getFileName().toString(), Files.readString(file));
      }
    }
    if (UPDATE) {
      for (String unused : expected.keySet()) {
        if (!actual.containsKey(unused)) {
          Files.delete(caseDir.resolve(unused));
        }
      }
      for (var entry : actual.entrySet()) {
        Files.writeString(caseDir.resolve(entry.getKey()), entry.getValue());
      }
      return;
    }
    assertThat(new TreeSet<>(actual.keySet()))
        .as("outputs of %s (expected files without output are unused; outputs without file are unexpected;"
            + " -Dgolden.update=true rewrites them)", caseDir)
        .containsExactlyElementsOf(expected.keySet());
    for (var entry : actual.entrySet()) {
      assertThat(entry.getValue())
          .as("%s/%s (-Dgolden.update=true rewrites it)", caseDir, entry.getKey())
          .isEqualTo(expected.get(entry.getKey()));
    }
  }

  /** {@code out-<kind>-<name>.yaml} for a Kubernetes object. */
  public static Map<String, String> output(io.fabric8.kubernetes.api.model.HasMetadata object) {
    Map<String, String> out = new LinkedHashMap<>();
    Object readable = object instanceof Secret secret ? readable(secret) : object;
    out.put("out-" + object.getKind() + "-" + object.getMetadata().getName() + ".yaml", yaml(KUBE.asJson(readable)));
    return out;
  }

  /** YAML of any JSON text, as golden files show it. */
  public static String yaml(String json) {
    try {
      JsonNode tree = JSON.readTree(json);
      return YAML.writeValueAsString(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Secret readable(Secret secret) {
    Map<String, String> plain = new TreeMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> {
        byte[] value = Base64.getDecoder().decode(v);
        // The routes table is stored gzip'd: shown as the one JSON mapping pretty-prints it.
        plain.put(k, new String(k.equals(RoutingTable.SECRET_KEY) ? RoutingJson.write(RoutingJson.readTable(value))
            : value, StandardCharsets.UTF_8));
      });
    }
    return new SecretBuilder(secret).withData(null).withStringData(plain).build();
  }

  /** The inputs of one case. */
  public static final class Inputs {
    /** The clock of cases without {@code in-now.txt}. */
    public static final java.time.Instant DEFAULT_NOW = java.time.Instant.parse("2025-01-01T00:00:00Z");

    private final Path dir;

    Inputs(Path dir) {
      this.dir = dir;
    }

    public WebhookEndpoint endpoint() {
      return read("in-WebhookEndpoint.yaml", WebhookEndpoint.class)
          .orElseThrow(() -> new IllegalStateException(dir + " has no in-WebhookEndpoint.yaml"));
    }

    /** {@code in-Secret-<name>.yaml}, with stringData turned into data as the API server does. */
    public Optional<Secret> secret(String name) {
      return read("in-Secret-" + name + ".yaml", Secret.class).map(secret -> {
        Map<String, String> data = new TreeMap<>(secret.getData() == null ? Map.of() : secret.getData());
        if (secret.getStringData() != null) {
          secret.getStringData().forEach((k, v) ->
              data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        }
        return new SecretBuilder(secret).withStringData(null).withData(data).build();
      });
    }

    /** The instant in {@code in-now.txt}; {@link #DEFAULT_NOW} without one. */
    public java.time.Instant now() {
      Path file = dir.resolve("in-now.txt");
      try {
        return Files.exists(file) ? java.time.Instant.parse(Files.readString(file).trim()) : DEFAULT_NOW;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** {@code in-settings.env} ({@code NAME=value} lines) over the defaults. */
    public OperatorSettings settings() {
      Path file = dir.resolve("in-settings.env");
      if (!Files.exists(file)) {
        return OperatorSettings.defaults();
      }
      try {
        Map<String, String> env = Files.readAllLines(file).stream()
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .collect(Collectors.toMap(
                line -> line.substring(0, line.indexOf('=')).trim(),
                line -> line.substring(line.indexOf('=') + 1).trim()));
        return OperatorSettings.fromEnv(env);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private <T> Optional<T> read(String file, Class<T> type) {
      Path path = dir.resolve(file);
      if (!Files.exists(path)) {
        return Optional.empty();
      }
      try {
        return Optional.of(KUBE.unmarshal(Files.readString(path), type));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
