package dev.hookgate.operator.provider.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookgate.operator.provider.ProviderCredentials;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import dev.hookgate.operator.provider.api.ProviderApi;
import dev.hookgate.operator.provider.api.ProviderApiException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bearer token for GitHub's REST API from a credentials Secret: its {@code token} as it is, or, for a GitHub
 * App ({@code appId}, {@code installationId}, {@code privateKey}), an installation access token obtained with the
 * App's JWT and cached until five minutes before it expires (they live an hour).
 */
final class GitHubTokens {

  static final String TOKEN = "token";
  static final String APP_ID = "appId";
  static final String INSTALLATION_ID = "installationId";
  static final String PRIVATE_KEY = "privateKey";
  static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

  private record CachedToken(String token, Instant expiresAt) {
    @Override
    public String toString() {
      return "CachedToken[(redacted), expiresAt=" + expiresAt + "]";
    }
  }

  private final Map<String, CachedToken> installationTokens = new ConcurrentHashMap<>();

  /** Drops the cached installation token of these credentials (GitHub refused it: revoked, App uninstalled). */
  void forget(ProviderApi api, ProviderCredentials credentials) {
    installationTokens.remove(cacheKey(api, credentials));
  }

  /** Per API and credentials: a rotated key or another installation gets its own token. */
  private static String cacheKey(ProviderApi api, ProviderCredentials credentials) {
    return api.baseUrl() + "|" + credentials.fingerprint();
  }

  /** The token to send as {@code Authorization: Bearer}; never logged or put into a message. */
  String bearerToken(ProviderApi api, ProviderCredentials credentials) throws ProviderApiException {
    var token = credentials.value(TOKEN);
    if (token.isPresent()) {
      return token.get().trim();
    }
    String appId = credentials.value(APP_ID).map(String::trim).orElse(null);
    String installationId = credentials.value(INSTALLATION_ID).map(String::trim).orElse(null);
    String pem = credentials.value(PRIVATE_KEY).orElse(null);
    if (appId == null || installationId == null || pem == null) {
      throw new ProviderApiException(FailureKind.CREDENTIALS_INVALID, "Secret " + credentials.secretName()
          + " has neither key 'token' nor the keys 'appId', 'installationId' and 'privateKey' of a GitHub App", null, 0);
    }
    if (!installationId.matches("[0-9]{1,20}")) {
      throw new ProviderApiException(FailureKind.CREDENTIALS_INVALID,
          "Secret " + credentials.secretName() + " key 'installationId' is not a number", null, 0);
    }
    Instant now = api.clock().instant();
    String cacheKey = cacheKey(api, credentials);
    CachedToken cached = installationTokens.get(cacheKey);
    if (cached != null && now.isBefore(cached.expiresAt().minus(REFRESH_BEFORE_EXPIRY))) {
      return cached.token();
    }
    String jwt;
    try {
      jwt = GitHubAppJwt.create(appId, GitHubAppJwt.privateKey(pem), now);
    } catch (GeneralSecurityException e) {
      throw new ProviderApiException(FailureKind.CREDENTIALS_INVALID,
          "Secret " + credentials.secretName() + ": " + e.getMessage(), null, 0);
    }
    JsonNode reply = api.send("POST", "/app/installations/" + installationId + "/access_tokens",
            GitHubRegistrar.headers(jwt), null)
        .requireSuccess("getting an installation token for GitHub App " + appId + " installation " + installationId)
        .json();
    String issued = reply.path("token").asText("");
    if (issued.isEmpty()) {
      throw new ProviderApiException(FailureKind.PROVIDER_UNAVAILABLE,
          "GitHub answered the installation token request without a token", null, 0);
    }
    Instant expiresAt;
    try {
      expiresAt = Instant.parse(reply.path("expires_at").asText(""));
    } catch (DateTimeParseException e) {
      expiresAt = now.plus(Duration.ofHours(1));
    }
    installationTokens.put(cacheKey, new CachedToken(issued, expiresAt));
    return issued;
  }
}
