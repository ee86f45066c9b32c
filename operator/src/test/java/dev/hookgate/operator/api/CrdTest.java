package dev.hookgate.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookgate.routing.EventGlob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CrdTest {

  private static final String CRD_FILE = "webhookendpoints.hookgate.dev-v1.yml";

  /** crds/ is what users and deploy/ apply: it must be what the generator produces from the api types. */
  @Test
  void checkedInCrdIsUpToDate() throws IOException {
    Path generated = Path.of("target", "classes", "META-INF", "fabric8", CRD_FILE);
    Path checkedIn = Path.of(System.getProperty("crds.dir", "../crds")).resolve(CRD_FILE);
    assertThat(generated).as("generated CRD (crd-generator-maven-plugin)").exists();
    String hint = "crds/" + CRD_FILE + " is stale: refresh it with"
        + " `./mvnw -B -pl operator -Pupdate-crds verify` and commit it";
    assertThat(checkedIn).as(hint).exists();
    assertThat(Files.readString(checkedIn)).as(hint).isEqualTo(Files.readString(generated));
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
}
