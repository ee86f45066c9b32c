package dev.hookgate.operator.storedrain;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;

/**
 * Whether the operator may do what draining left-behind volumes takes, in the receivers' namespace. An operator
 * upgraded without the RBAC that came with it would otherwise not start at all: an informer it may not list stops
 * JOSDK's startup. Asked with SelfSubjectAccessReviews, which every authenticated identity may create.
 */
public final class StoreDrainPermissions {

  /** One verb on one resource, as the Role grants it. */
  record Access(String group, String resource, String verb) {
    @Override
    public String toString() {
      return verb + " " + resource + (group.isEmpty() ? "" : "." + group);
    }
  }

  /** Every rule deploy/operator/rbac.yaml grants for draining volumes. */
  static final List<Access> NEEDED = List.of(
      new Access("apps", "statefulsets", "list"), new Access("apps", "statefulsets", "watch"),
      new Access("", "pods", "list"), new Access("", "pods", "watch"),
      new Access("", "persistentvolumeclaims", "list"), new Access("", "persistentvolumeclaims", "watch"),
      new Access("", "persistentvolumeclaims", "patch"),
      new Access("batch", "jobs", "list"), new Access("batch", "jobs", "watch"),
      new Access("batch", "jobs", "create"), new Access("batch", "jobs", "delete"));

  private StoreDrainPermissions() {}

  /**
   * What of {@link #NEEDED} the operator may not do in {@code namespace}. A review the API server does not answer
   * counts as allowed: then JOSDK's own startup says what is wrong, as before.
   */
  public static List<String> missing(KubernetesClient client, String namespace) {
    return NEEDED.stream().filter(access -> denied(client, namespace, access)).map(Access::toString).toList();
  }

  private static boolean denied(KubernetesClient client, String namespace, Access access) {
    SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
        .withNewSpec().withNewResourceAttributes()
        .withNamespace(namespace).withGroup(access.group()).withResource(access.resource()).withVerb(access.verb())
        .endResourceAttributes().endSpec()
        .build();
    try {
      SelfSubjectAccessReview answer = client.authorization().v1().selfSubjectAccessReview().create(review);
      return Optional.ofNullable(answer).map(SelfSubjectAccessReview::getStatus)
          .map(status -> Boolean.FALSE.equals(status.getAllowed())).orElse(false);
    } catch (KubernetesClientException e) {
      return false;
    }
  }
}
