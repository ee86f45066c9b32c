package dev.hookgate.routing;

import java.util.Objects;

/** Which WebhookEndpoint a route belongs to, and the generation of its spec the route was compiled from. */
public record EndpointRef(String namespace, String name, long generation) {

  public EndpointRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** {@code namespace/name}, as kubectl and the forwarded {@code X-Hookgate-Endpoint} header write it. */
  public String qualifiedName() {
    return namespace + "/" + name;
  }

  @Override
  public String toString() {
    return qualifiedName() + "@" + generation;
  }
}
