package dev.hookgate.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hookgate.routing.EventGlob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrdTest {

  private static final String CRD_FILE = "webhookendpoints.hookgate.dev-v1.yml";

  /**
   * crds/ is what users and deploy/ apply: it must be what the generator produces from the api types (with the
   * printer columns in declared order, see {@link PrinterColumnOrder}). {@code -Dcrds.update=true} rewrites it.
   */
  @Test
  void checkedInCrdIsUpToDate() throws IOException {
    Path generated = Path.of("target", "classes", "META-INF", "fabric8", CRD_FILE);
    Path checkedIn = Path.of(System.getProperty("crds.dir", "../crds")).resolve(CRD_FILE);
    assertThat(generated).as("generated CRD (crd-generator-maven-plugin)").exists();
    String expected = PrinterColumnOrder.declared(Files.readString(generated));
    if (Boolean.getBoolean("crds.update")) {
      Files.writeString(checkedIn, expected);
      Files.writeString(chartCopy(), expected);
    }
    String hint = "crds/" + CRD_FILE + " is stale: refresh it with"
        + " `./mvnw -B -pl operator -am verify -Dcrds.update=true` and commit it";
    assertThat(checkedIn).as(hint).exists();
    assertThat(Files.readString(checkedIn)).as(hint).isEqualTo(expected);
  }

  /** The Helm chart installs the CRD from its own crds/ (Helm's convention): it must be the same bytes. */
  @Test
  void theHelmChartCarriesTheSameCrd() throws IOException {
    Path checkedIn = Path.of(System.getProperty("crds.dir", "../crds")).resolve(CRD_FILE);
    String hint = "deploy/chart/hookgate/crds/" + CRD_FILE + " differs from crds/" + CRD_FILE + ": copy it over, or"
        + " run `./mvnw -B -pl operator -am verify -Dcrds.update=true`, and commit it";
    assertThat(chartCopy()).as(hint).exists();
    assertThat(Files.readString(chartCopy())).as(hint).isEqualTo(Files.readString(checkedIn));
  }

  private static Path chartCopy() {
    return Path.of(System.getProperty("crds.dir", "../crds"))
        .resolveSibling(Path.of("deploy", "chart", "hookgate", "crds")).resolve(CRD_FILE);
  }

  @Test
  void printerColumnsAreInTheOrderKubectlShouldShowThem() throws IOException {
    String crd = Files.readString(Path.of(System.getProperty("crds.dir", "../crds")).resolve(CRD_FILE));
    List<String> names = crd.lines()
        .filter(line -> line.startsWith("      name: \""))
        .map(line -> line.substring(line.indexOf('"') + 1, line.lastIndexOf('"')))
        .toList();
    // kubectl get shows the columns of priority 0; -o wide adds PENDING and DEAD LETTERS (priority 1) in place.
    assertThat(names).containsExactly("PROVIDER", "READY", "URL", "LAST EVENT", "PENDING", "DEAD LETTERS", "AGE");
    List<String> priorities = crd.lines()
        .filter(line -> line.startsWith("      priority: "))
        .map(line -> line.substring("      priority: ".length()))
        .toList();
    assertThat(priorities).containsExactly("0", "0", "0", "0", "1", "1", "0");
  }

  @Test
  void kustomizationListsTheCrd() throws IOException {
    Path kustomization = Path.of(System.getProperty("crds.dir", "../crds")).resolve("kustomization.yaml");
    assertThat(Files.readString(kustomization)).contains("- " + CRD_FILE);
  }

  @Test
  void eventGlobPatternInTheSchemaIsTheReceiversSyntax() {
    assertThat(WebhookEndpointSpec.EVENT_GLOB_PATTERN).isEqualTo(EventGlob.SYNTAX);
  }

  @Test
  void generatedSchemaHasTheValidationsWeRelyOn() throws IOException {
    String crd = Files.readString(Path.of("target", "classes", "META-INF", "fabric8", CRD_FILE));
    assertThat(crd)
        .contains("shortNames:\n    - \"whe\"")
        .contains("x-kubernetes-validations")
        .contains("rule: \"self.type != 'generic' || has(self.generic)\"")
        .contains("- \"standardwebhooks\"")
        .contains("default: \"10s\"")
        .contains("maximum: 65535")
        .contains("name: \"LAST EVENT\"")
        .contains(".status.conditions[?(@.type==\\\"Ready\\\")].status")
        .contains("subresources:\n      status: {}");
  }

  @Test
  void theRotationFilterSourceRangeAndToleranceConstraintsAreInTheSchema() throws IOException {
    JsonNode spec = schema().at("/properties/spec");

    JsonNode previous = spec.at("/properties/previousSigningSecretRef");
    assertThat(texts(previous.get("required"))).containsExactlyInAnyOrder("expiresAt", "key", "name");
    assertThat(previous.at("/properties/expiresAt/format").asText()).isEqualTo("date-time");
    assertThat(previous.at("/properties/name/maxLength").asInt()).isEqualTo(253);
    assertThat(rules(spec)).anySatisfy(rule -> assertThat(rule)
        .contains("self.previousSigningSecretRef.name != self.signingSecretRef.name"));

    assertThat(spec.at("/properties/filter/maxLength").asInt()).isEqualTo(WebhookEndpointSpec.MAX_FILTER_LENGTH);

    JsonNode sourceRanges = spec.at("/properties/sourceRanges");
    assertThat(sourceRanges.at("/maxItems").asInt()).isEqualTo(WebhookEndpointSpec.MAX_SOURCE_RANGES);
    assertThat(sourceRanges.at("/items/pattern").asText()).isEqualTo(WebhookEndpointSpec.CIDR_PATTERN);

    JsonNode provider = spec.at("/properties/provider/properties");
    for (String type : List.of("stripe", "slack", "zoom", "linear", "standardwebhooks")) {
      JsonNode tolerance = provider.at("/" + type + "/properties/toleranceSeconds");
      assertThat(tolerance.at("/type").asText()).as(type).isEqualTo("integer");
      assertThat(tolerance.at("/minimum").asInt()).as(type).isEqualTo(1);
      assertThat(tolerance.at("/maximum").asInt()).as(type).isEqualTo(3600);
    }
    assertThat(provider.at("/github/type").asText()).isEqualTo("object");
    assertThat(provider.at("/twilio/type").asText()).isEqualTo("object");

    JsonNode generic = provider.at("/generic");
    assertThat(generic.has("required")).as("signatureHeader is optional now").isFalse();
    assertThat(generic.at("/properties/signedContent/maxLength").asInt()).isEqualTo(256);
    assertThat(generic.at("/properties/tokenHeader/pattern").asText()).isEqualTo(GenericProviderSpec.HEADER_NAME);
    assertThat(generic.at("/properties/timestampHeader/pattern").asText()).isEqualTo(GenericProviderSpec.HEADER_NAME);
    assertThat(rules(generic))
        .contains("has(self.signatureHeader) != has(self.tokenHeader)")
        .anySatisfy(rule -> assertThat(rule).contains("self.signedContent.contains('{body}')"))
        .contains("!has(self.signedContent) || has(self.timestampHeader)")
        .contains("!has(self.tokenHeader) || !has(self.timestampHeader)");
  }

  @Test
  void theGatewayAndCertManagerPiecesAreInTheSchema() throws IOException {
    JsonNode spec = schema().at("/properties/spec");
    assertThat(rules(spec)).contains("!has(self.ingress) || !has(self.gateway)");

    JsonNode gateway = spec.at("/properties/gateway");
    assertThat(texts(gateway.get("required"))).containsExactly("name");
    assertThat(gateway.at("/properties/namespace/maxLength").asInt()).isEqualTo(63);
    assertThat(gateway.at("/properties/sectionName/type").asText()).isEqualTo("string");
    assertThat(gateway.at("/properties/host/pattern").asText()).isEqualTo(IngressSpec.HOST_PATTERN);
    assertThat(gateway.at("/description").asText()).contains("HTTPRoute").contains("ReferenceGrant")
        .contains("IngressReady");

    JsonNode certManager = spec.at("/properties/ingress/properties/certManager");
    assertThat(certManager.at("/properties/issuer/type").asText()).isEqualTo("string");
    assertThat(certManager.at("/properties/clusterIssuer/type").asText()).isEqualTo("string");
    assertThat(rules(certManager)).containsExactly("has(self.issuer) != has(self.clusterIssuer)");
  }

  private static JsonNode schema() throws IOException {
    JsonNode crd = new ObjectMapper(new YAMLFactory())
        .readTree(Path.of("target", "classes", "META-INF", "fabric8", CRD_FILE).toFile());
    return crd.at("/spec/versions/0/schema/openAPIV3Schema");
  }

  private static List<String> rules(JsonNode node) {
    List<String> rules = new ArrayList<>();
    node.path("x-kubernetes-validations").forEach(rule -> rules.add(rule.get("rule").asText()));
    return rules;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }
}
