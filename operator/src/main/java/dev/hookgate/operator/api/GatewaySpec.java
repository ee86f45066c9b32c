package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** spec.gateway: route the endpoint's public URL through a Gateway API Gateway instead of an Ingress. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewaySpec {

  static final String DESCRIPTION =
      "The public side through a Gateway (Gateway API) instead of an Ingress; excludes spec.ingress. The operator"
          + " creates an HTTPRoute named whe-<name> in the endpoint's namespace, attached to this Gateway, that sends"
          + " /h/<slug> on the host to the receiver Service in the receiver namespace, and a ReferenceGrant"
          + " hookgate-from-<namespace> in the receiver namespace that allows it. The Gateway's listener must allow"
          + " routes from the endpoint's namespace. The IngressReady condition reports the HTTPRoute: True/Accepted"
          + " once the Gateway accepts it, True/Created before, False with the Gateway's reason when it refuses it.";

  @Required
  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
  @JsonPropertyDescription("Name of the Gateway.")
  private String name;

  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
  @JsonPropertyDescription("Namespace of the Gateway. Absent: the endpoint's namespace.")
  private String namespace;

  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$")
  @JsonPropertyDescription(
      "Name of the Gateway listener to attach to (parentRefs[].sectionName), e.g. https. Absent: every listener"
          + " of the Gateway that allows the route.")
  private String sectionName;

  @Pattern(IngressSpec.HOST_PATTERN)
  @JsonPropertyDescription(
      "Public host name of the endpoint's URL (https://<host>/h/<slug>), the HTTPRoute's hostname. Absent: the"
          + " host of the operator's HOOKGATE_PUBLIC_BASE_URL.")
  private String host;

  public GatewaySpec() {}

  public GatewaySpec(String name, String namespace, String sectionName, String host) {
    this.name = name;
    this.namespace = namespace;
    this.sectionName = sectionName;
    this.host = host;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getSectionName() {
    return sectionName;
  }

  public void setSectionName(String sectionName) {
    this.sectionName = sectionName;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }
}
