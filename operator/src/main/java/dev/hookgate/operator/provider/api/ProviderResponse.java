package dev.hookgate.operator.provider.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import io.micronaut.http.HttpResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A provider API's answer: status, headers (names lower-cased) and body text. */
public record ProviderResponse(int status, Map<String, List<String>> headers, String body, Instant receivedAt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static ProviderResponse of(HttpResponse<String> response, Instant now) {
    Map<String, List<String>> headers = new TreeMap<>();
    response.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    return new ProviderResponse(response.code(), headers, response.getBody(String.class).orElse(""), now);
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public JsonNode json() throws ProviderApiException {
    try {
      return JSON.readTree(body.isEmpty() ? "null" : body);
    } catch (IOException e) {
      throw new ProviderApiException(FailureKind.PROVIDER_UNAVAILABLE,
          "the provider answered HTTP " + status + " with a body that is not JSON", null, status);
    }
  }

  /**
   * This response when it is 2xx; otherwise a {@link ProviderApiException} that classifies it: 429, or 403 with
   * the rate limit exhausted, is RATE_LIMITED until the reset the headers give; 401 and other 403s are
   * CREDENTIALS_INVALID; 5xx (and 408) PROVIDER_UNAVAILABLE (retry time from Retry-After when given); other 4xx
   * INVALID_CONFIGURATION.
   *
   * @param what the request in words, e.g. "listing the hooks of repository o/r"
   */
  public ProviderResponse requireSuccess(String what) throws ProviderApiException {
    if (isSuccess()) {
      return this;
    }
    Instant reset = RateLimitReset.from(this).orElse(null);
    String answered = what + ": HTTP " + status;
    if (status == 429 || (status == 403 && RateLimitReset.exhausted(this))) {
      return fail(FailureKind.RATE_LIMITED, answered + " (rate limited"
          + (reset == null ? ")" : ", retrying after " + reset + ")"), reset);
    }
    if (status == 401 || status == 403) {
      return fail(FailureKind.CREDENTIALS_INVALID,
          answered + ": the provider refused the credentials; fix them in the credentials Secret", null);
    }
    if (status >= 500 || status == 408) {
      return fail(FailureKind.PROVIDER_UNAVAILABLE, answered, reset);
    }
    return fail(FailureKind.INVALID_CONFIGURATION, answered + providerMessage(), null);
  }

  private ProviderResponse fail(FailureKind kind, String message, Instant retryNotBefore) throws ProviderApiException {
    throw new ProviderApiException(kind, message, retryNotBefore, status);
  }

  /**
   * At most 200 characters, cut at a space: a token the provider echoed is never cut in two, so the masking that
   * registrars apply to messages still recognises (and removes) all of it.
   */
  static String shortened(String text) {
    if (text.length() <= 200) {
      return text;
    }
    int cut = text.lastIndexOf(' ', 200);
    return (cut > 0 ? text.substring(0, cut) : "") + "...";
  }

  /** The provider's own error message (GitHub/GitLab "message", Stripe "error.message"), cut short. */
  private String providerMessage() {
    try {
      JsonNode node = JSON.readTree(body);
      JsonNode message = node.path("error").isObject() ? node.path("error").path("message") : node.path("message");
      if (message.isTextual() && !message.asText().isBlank()) {
        String text = message.asText();
        return " (" + shortened(text) + ")";
      }
    } catch (IOException | RuntimeException e) {
      // Not JSON: say nothing more.
    }
    return "";
  }
}
