package dev.hookgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spec mistakes refused by the API server itself (OpenAPI schema and CEL rules of the CRD), with what kubectl
 * prints to the user: the field at fault and a message that says what to fix.
 */
class SchemaValidationTest {

  private static final String NAMESPACE = "schema";
  private static ControlPlane cluster;

  @BeforeAll
  static void install() {
    cluster = ControlPlane.shared();
    cluster.installDeploy().orFail();
    cluster.createNamespace(NAMESPACE);
  }

  /** A valid GitHub endpoint with one part replaced: {@code provider}, {@code extra} spec lines. */
  private static String endpoint(String provider, String extra) {
    return """
        apiVersion: hookgate.dev/v1alpha1
        kind: WebhookEndpoint
        metadata:
          name: broken
        spec:
          provider:
        %s
          signingSecretRef: {name: github-webhook-secret, key: secret}
          target:
            service: {name: ci-events, port: 8080}
            path: /github
        %s
        """.formatted(provider.indent(4).stripTrailing(), extra.indent(2).stripTrailing());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown provider type (enum)           | type: gitbucket                                                        | ''                                                  | spec.provider.type: Unsupported value: "gitbucket"
      provider block not matching type (CEL) | type: gitlab\\ngithub: {}                                              | ''                                                  | spec.provider.github is set but spec.provider.type is not github: the provider block must match the type
      generic with both headers (CEL)        | type: generic\\ngeneric: {signatureHeader: X-Sig, tokenHeader: X-Token} | ''                                                  | spec.provider.generic needs exactly one of signatureHeader (an HMAC signature) or tokenHeader (a static token)
      bad event glob (pattern)               | type: github\\ngithub: {}                                              | events: ["push", "pull request?"]                   | spec.events[1]: Invalid value: "pull request?"
      previous secret without expiresAt      | type: github\\ngithub: {}                                              | previousSigningSecretRef: {name: old, key: secret}  | spec.previousSigningSecretRef.expiresAt: Required value
      github credentials without a target    | type: github\\ngithub: {credentialsSecretRef: {name: gh-api}}     | ''                                                  | spec.provider.github.credentialsSecretRef needs repository (owner/repo) or organization
      github repository and organization     | type: github\\ngithub: {repository: a/b, organization: a}          | ''                                                  | spec.provider.github: set either repository or organization, not both
      bad CIDR in sourceRanges               | type: github\\ngithub: {}                                              | sourceRanges: ["10.0.0.0/8", "10.0.0.300/24"]       | spec.sourceRanges[1]: Invalid value: "10.0.0.300/24"
      GitLab project and group (CEL)         | type: gitlab\\ngitlab: {project: a/b, group: a}                     | ''                                                  | spec.provider.gitlab.project and spec.provider.gitlab.group are exclusive
      GitLab credentials, no scope (CEL)     | type: gitlab\\ngitlab: {credentialsSecretRef: {name: gitlab-api}}     | ''                                                  | spec.provider.gitlab needs exactly one of project or group when credentialsSecretRef is set
      Bitbucket credentials, no workspace    | type: bitbucket\\nbitbucket: {credentialsSecretRef: {name: bb-api}}   | ''                                                  | spec.provider.bitbucket.workspace is required when credentialsSecretRef is set
      Shopify credentials, no shop (CEL)     | type: shopify\\nshopify: {credentialsSecretRef: {name: shop-api}}     | ''                                                  | spec.provider.shopify.shopDomain is required when credentialsSecretRef is set
      Stripe API base URL not http(s)        | type: stripe\\nstripe: {apiBaseUrl: "ftp://stripe.example"}          | ''                                                  | spec.provider.stripe.apiBaseUrl: Invalid value: "ftp://stripe.example"
      """)
  void isRefusedWithAMessageAUserUnderstands(String mistake, String provider, String extra, String expected) {
    String manifest = endpoint(provider.replace("\\n", "\n"), extra);

    Kubectl.Result result = cluster.kubectl().runWithInput(manifest, "apply", "-n", NAMESPACE, "-f", "-");

    assertThat(result.exitCode()).as(mistake + "\n" + manifest + "\n" + result).isNotZero();
    assertThat(result.stderr())
        .as(mistake + "\n" + manifest + "\n" + result)
        .contains("The WebhookEndpoint \"broken\" is invalid")
        .contains(expected);
  }

  @org.junit.jupiter.api.Test
  void targetPathWithoutLeadingSlashIsRefused() {
    String manifest = endpoint("type: github\ngithub: {}", "").replace("path: /github", "path: github");

    Kubectl.Result result = cluster.kubectl().runWithInput(manifest, "apply", "-n", NAMESPACE, "-f", "-");

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.stderr()).as(result.toString())
        .contains("spec.target.path: Invalid value: \"github\"")
        .contains("should match '^/[^\\s?#]*$'");
  }
}
