package dev.hookgate.routing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Every provider hookgate knows. The wire name is what users write in {@code spec.provider.type} and what
 * the routing table carries; it is also the name of the provider's block in the spec.
 */
public enum ProviderType {
  GITHUB("github"),
  GITLAB("gitlab"),
  STRIPE("stripe"),
  SLACK("slack"),
  SHOPIFY("shopify"),
  BITBUCKET("bitbucket"),
  STANDARD_WEBHOOKS("standardwebhooks"),
  TWILIO("twilio"),
  LINEAR("linear"),
  ZOOM("zoom"),
  GENERIC("generic");

  private final String wireName;

  ProviderType(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static ProviderType fromWireName(String name) {
    return Arrays.stream(values())
        .filter(type -> type.wireName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown provider type '" + name + "'"));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
