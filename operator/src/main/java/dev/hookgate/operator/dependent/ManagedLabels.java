package dev.hookgate.operator.dependent;

import java.util.Map;

/** Labels on everything the operator creates outside the endpoint's namespace. */
public final class ManagedLabels {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "hookgate-operator";
  public static final String ENDPOINT_NAMESPACE = "hookgate.dev/endpoint-namespace";
  public static final String ENDPOINT_NAME = "hookgate.dev/endpoint-name";

  /** The label selector of objects created by this operator. */
  public static final String SELECTOR = MANAGED_BY + "=" + OPERATOR;
  /** Marks the routes Secret, so the informer of signing Secrets can leave it out. */
  public static final String ROUTES_TABLE = "hookgate.dev/routes-table";
  /**
   * Every Secret but the routes Secret: it is rewritten (up to 1 MiB) every time a route changes, and receiving it
   * on every write cost the operator more CPU than all its reconciles (TLS and JSON for a Secret it never reads
   * from the cache).
   */
  public static final String NOT_ROUTES_TABLE = "!" + ROUTES_TABLE;

  private ManagedLabels() {}

  public static Map<String, String> managed() {
    return Map.of(MANAGED_BY, OPERATOR);
  }

  public static Map<String, String> forEndpoint(String namespace, String name) {
    return Map.of(MANAGED_BY, OPERATOR, ENDPOINT_NAMESPACE, namespace, ENDPOINT_NAME, name);
  }
}
