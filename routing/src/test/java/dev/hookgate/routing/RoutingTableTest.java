package dev.hookgate.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

  private static Route route(String namespace, String name, long generation, String slug) {
    return new Route(
        slug,
        new EndpointRef(namespace, name, generation),
        ProviderType.GITHUB,
        null,
        List.of(SigningSecret.current("s3cr3t-value")),
        List.of("push"),
        new Target(URI.create("http://billing.shop.svc:8080/events"), 5_000));
  }

  private static RoutingTable table(Route... routes) {
    return new RoutingTable(RoutingTable.FORMAT_VERSION, List.of(routes));
  }

  @Test
  void roundTripsThroughJsonWithStableOrder() {
    RoutingTable table = table(route("z", "b", 1, "slug-b"), route("a", "a", 2, "slug-a"));

    byte[] json = RoutingJson.write(table);
    RoutingTable read = RoutingJson.readTable(json);

    assertThat(read).isEqualTo(table);
    assertThat(read.routes()).extracting(Route::slug).containsExactly("slug-a", "slug-b");
    assertThat(RoutingJson.write(read)).isEqualTo(json);
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"provider\" : \"github\"");
  }

  @Test
  void theSecretsTableIsGzippedCompactJsonAndReadsBack() throws Exception {
    RoutingTable table = table(java.util.stream.IntStream.range(0, 200)
        .mapToObj(i -> route("shop", "endpoint-" + i, 1, "slug-" + i)).toArray(Route[]::new));

    byte[] gzipped = RoutingJson.writeTable(table);

    assertThat(RoutingJson.readTable(gzipped)).isEqualTo(table);
    assertThat(RoutingJson.writeTable(RoutingJson.readTable(gzipped))).isEqualTo(gzipped);
    byte[] inflated = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped)).readAllBytes();
    assertThat(new String(inflated, StandardCharsets.UTF_8)).startsWith("{\"formatVersion\":1,\"routes\":[{");
    assertThat(gzipped.length).isLessThan(RoutingJson.write(table).length / 10);
  }

  @Test
  void aPlainJsonTableWrittenByHandIsReadToo() {
    RoutingTable table = table(route("shop", "pay", 1, "one"));

    assertThat(RoutingJson.readTable(RoutingJson.write(table))).isEqualTo(table);
  }

  @Test
  void aCorruptGzipTableIsRefusedWithoutItsContent() {
    byte[] gzipped = RoutingJson.writeTable(table(route("shop", "pay", 1, "one")));
    byte[] truncated = java.util.Arrays.copyOf(gzipped, gzipped.length / 2);

    assertThatThrownBy(() -> RoutingJson.readTable(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid gzip")
        .hasMessageNotContaining("s3cr3t-value");
  }

  @Test
  void secretsNeverAppearInToStringOrParseErrors() {
    Route route = route("shop", "pay", 1, "one");
    assertThat(route.toString()).doesNotContain("s3cr3t-value");

    byte[] broken = "{\"formatVersion\":1,\"routes\":[{\"signingSecrets\":[{\"value\":\"s3cr3t-value\"".getBytes();
    assertThatThrownBy(() -> RoutingJson.readTable(broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cr3t-value");
  }

  @Test
  void refusesAnUnknownFormatVersion() {
    assertThatThrownBy(() -> RoutingJson.readTable("{\"formatVersion\":2,\"routes\":[]}".getBytes()))
        .hasMessageContaining("formatVersion 2");
  }

  @Test
  void signingSecretValidUntilItsExpiry() {
    Instant expiry = Instant.parse("2026-01-01T00:00:00Z");
    SigningSecret previous = new SigningSecret("old", expiry);
    assertThat(previous.validAt(expiry)).isTrue();
    assertThat(previous.validAt(expiry.plusSeconds(1))).isFalse();
    assertThat(SigningSecret.current("new").validAt(Instant.MAX)).isTrue();
  }
}
