package dev.hookgate.operator.api;

/** Schema patterns shared by the provider blocks' API base URLs. */
final class ProviderUrls {

  /** http(s), a host, an optional path; no query, fragment or white space. */
  static final String BASE_URL_PATTERN = "^https?://[^\\s/?#]+(/[^\\s?#]*)?$";

  private ProviderUrls() {}
}
