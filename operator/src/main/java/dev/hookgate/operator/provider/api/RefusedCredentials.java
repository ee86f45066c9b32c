package dev.hookgate.operator.provider.api;

import dev.hookgate.operator.provider.ProviderCredentials;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials a provider answered 401 to, remembered per API for a while, so a hundred endpoints sharing one
 * revoked token send it once, not a hundred times (providers lock out clients that keep sending bad credentials).
 * Changed credentials are sent at once; the same ones again only after {@link #REMEMBER}.
 */
public final class RefusedCredentials {

  public static final Duration REMEMBER = Duration.ofMinutes(10);

  private final Map<String, Instant> refusedAt = new ConcurrentHashMap<>();
  private final Clock clock;

  public RefusedCredentials(Clock clock) {
    this.clock = clock;
  }

  /** A CREDENTIALS_INVALID failure, without a request, when these credentials were refused recently. */
  public Optional<RegistrationResult.Failed> check(String api, ProviderCredentials credentials) {
    String key = key(api, credentials);
    Instant at = refusedAt.get(key);
    if (at == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(at.plus(REMEMBER))) {
      refusedAt.remove(key, at);
      return Optional.empty();
    }
    return Optional.of(new RegistrationResult.Failed(FailureKind.CREDENTIALS_INVALID,
        "the provider refused the credentials in Secret " + credentials.secretName() + " (HTTP 401) at " + at
            + "; fix them in that Secret", null));
  }

  /** Remembers the credentials when {@code failure} is a 401. */
  public void record(String api, ProviderCredentials credentials, ProviderApiException failure) {
    if (failure.status() == 401) {
      refusedAt.put(key(api, credentials), clock.instant());
    }
  }

  private static String key(String api, ProviderCredentials credentials) {
    return api + "|" + credentials.fingerprint();
  }
}
