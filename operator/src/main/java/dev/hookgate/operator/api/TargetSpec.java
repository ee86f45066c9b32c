package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.hookgate.routing.Target;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetSpec {

  @Required
  @JsonPropertyDescription("The Service in the endpoint's namespace that receives verified deliveries.")
  private ServiceRef service;

  @Default("/")
  @Pattern("^/[^\\s?#]*$")
  @JsonPropertyDescription("The HTTP path deliveries are POSTed to: starts with '/', no spaces, '?' or '#'.")
  private String path = "/";

  @Default("raw")
  @JsonPropertyDescription("How deliveries reach the target: raw (the provider's body byte-identical, its headers,"
      + " plus X-Hookgate-* headers) or cloudevents (CloudEvents 1.0 binary mode: ce-* headers, body as is).")
  private Target.OutputFormat format = Target.OutputFormat.RAW;

  public TargetSpec() {}

  public TargetSpec(ServiceRef service, String path) {
    this.service = service;
    this.path = path;
  }

  public ServiceRef getService() {
    return service;
  }

  public void setService(ServiceRef service) {
    this.service = service;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public Target.OutputFormat getFormat() {
    return format;
  }

  public void setFormat(Target.OutputFormat format) {
    this.format = format;
  }

  public static class ServiceRef {

    @Required
    @Pattern("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")
    @JsonPropertyDescription("The Service's name (a DNS label).")
    private String name;

    @Required
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("The Service port number.")
    private Integer port;

    public ServiceRef() {}

    public ServiceRef(String name, Integer port) {
      this.name = name;
      this.port = port;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public Integer getPort() {
      return port;
    }

    public void setPort(Integer port) {
      this.port = port;
    }
  }
}
