package dev.hookgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the operator's ServiceAccount may and may not do, asked of the real RBAC authorizer with
 * {@code kubectl auth can-i --as}: everything it needs (proven by {@link OperatorOnRealClusterTest}), nothing more.
 */
class LeastPrivilegeTest {

  private static ControlPlane cluster;

  @BeforeAll
  static void install() {
    cluster = ControlPlane.shared();
    cluster.installDeploy().orFail();
  }

  @ParameterizedTest(name = "{0} {1} in {2}: {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # verb    | resource                                  | namespace       | allowed
      get       | secrets                                   | shop            | yes
      watch     | secrets                                   | shop            | yes
      create    | secrets                                   | shop            | yes
      patch     | secrets                                   | shop            | yes
      update    | secrets                                   | shop            | no
      delete    | secrets                                   | shop            | no
      create    | secrets                                   | hookgate-system | yes
      update    | secrets/hookgate-routes                   | hookgate-system | yes
      patch     | secrets/hookgate-routes                   | hookgate-system | yes
      update    | secrets/some-other-secret                 | hookgate-system | no
      delete    | secrets/hookgate-routes                   | hookgate-system | no
      create    | leases.coordination.k8s.io                | hookgate-system | yes
      update    | leases.coordination.k8s.io/hookgate-operator | hookgate-system | yes
      patch     | leases.coordination.k8s.io/hookgate-operator | hookgate-system | yes
      update    | leases.coordination.k8s.io/other-lease    | hookgate-system | no
      create    | leases.coordination.k8s.io                | shop            | no
      delete    | namespaces                                | ''              | no
      delete    | namespaces/shop                           | ''              | no
      create    | deployments.apps                          | hookgate-system | no
      update    | deployments.apps                          | hookgate-system | no
      get       | deployments.apps                          | hookgate-system | no
      create    | ingresses.networking.k8s.io               | hookgate-system | yes
      delete    | ingresses.networking.k8s.io               | hookgate-system | yes
      create    | ingresses.networking.k8s.io               | shop            | no
      update    | ingresses.networking.k8s.io               | shop            | no
      list      | webhookendpoints.hookgate.dev             | shop            | yes
      patch     | webhookendpoints.hookgate.dev/status      | shop            | yes
      create    | webhookendpoints.hookgate.dev             | shop            | no
      delete    | webhookendpoints.hookgate.dev             | shop            | no
      create    | events                                    | shop            | yes
      create    | pods/exec                                 | hookgate-system | no
      list      | pods                                      | hookgate-system | yes
      create    | pods                                      | hookgate-system | no
      delete    | pods                                      | hookgate-system | no
      list      | pods                                      | shop            | no
      watch     | statefulsets.apps                         | hookgate-system | yes
      update    | statefulsets.apps                         | hookgate-system | no
      patch     | statefulsets.apps                         | hookgate-system | no
      patch     | persistentvolumeclaims                    | hookgate-system | yes
      delete    | persistentvolumeclaims                    | hookgate-system | no
      create    | persistentvolumeclaims                    | hookgate-system | no
      create    | jobs.batch                                | hookgate-system | yes
      delete    | jobs.batch                                | hookgate-system | yes
      update    | jobs.batch                                | hookgate-system | no
      create    | jobs.batch                                | shop            | no
      create    | clusterrolebindings.rbac.authorization.k8s.io | ''          | no
      escalate  | roles.rbac.authorization.k8s.io           | hookgate-system | no
      """)
  void operatorServiceAccountCan(String verb, String resource, String namespace, String allowed) {
    Kubectl.Result result = namespace.isEmpty()
        ? cluster.kubectl().run("auth", "can-i", verb, resource, "--as=" + ControlPlane.OPERATOR_USER)
        : cluster.kubectl().run("auth", "can-i", verb, resource, "-n", namespace, "--as=" + ControlPlane.OPERATOR_USER);

    // can-i prints yes/no and exits 0 for yes, 1 for no.
    assertThat(result.stdout().trim()).as(result.toString()).isEqualTo(allowed);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(allowed.equals("yes") ? 0 : 1);
  }
}
