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

  private ManagedLabels() {}

  public static Map<String, String> managed() {
    return Map.of(MANAGED_BY, OPERATOR);
  }

  public static Map<String, String> forEndpoint(String namespace, String name) {
    return Map.of(MANAGED_BY, OPERATOR, ENDPOINT_NAMESPACE, namespace, ENDPOINT_NAME, name);
  }
}
