package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngressSpec {

  /** A DNS host name, lower case, as Ingress rules and HTTPRoute hostnames take it (no wildcard). */
  public static final String HOST_PATTERN =
      "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$";

  @Pattern(HOST_PATTERN)
  @JsonPropertyDescription(
      "Public host name of the endpoint's URL (https://<host>/h/<slug>). Absent: the host of the operator's"
          + " HOOKGATE_PUBLIC_BASE_URL.")
  private String host;

  @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
  @JsonPropertyDescription("IngressClass of the Ingress. Absent: the operator's HOOKGATE_INGRESS_CLASS, if any.")
  private String className;

  @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
  @JsonPropertyDescription(
      "Name of a TLS Secret for the host. The Ingress lives in the receiver namespace (Ingress backends cannot"
          + " cross namespaces), so this Secret must exist there, not in the endpoint's namespace. Absent: the"
          + " operator's HOOKGATE_INGRESS_TLS_SECRET, if any; with certManager, whe-<namespace>-<name>-tls (the"
          + " Ingress's name with -tls), which cert-manager creates.")
  private String tlsSecretName;

  @JsonPropertyDescription(CertManagerSpec.DESCRIPTION)
  private CertManagerSpec certManager;

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }

  public String getTlsSecretName() {
    return tlsSecretName;
  }

  public void setTlsSecretName(String tlsSecretName) {
    this.tlsSecretName = tlsSecretName;
  }

  public CertManagerSpec getCertManager() {
    return certManager;
  }

  public void setCertManager(CertManagerSpec certManager) {
    this.certManager = certManager;
  }
}
