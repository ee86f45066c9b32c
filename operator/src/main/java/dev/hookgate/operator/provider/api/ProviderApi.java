package dev.hookgate.operator.provider.api;

import dev.hookgate.operator.provider.RegistrationResult.FailureKind;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * One provider API (GitHub, GitLab, Stripe, Shopify, Bitbucket, or a fake of one in tests) reached through the
 * Micronaut HTTP client, blocking: registrars run on the operator's reconcile threads.
 *
 * <p>Every answer comes back as a {@link ProviderResponse}, whatever its status, so a registrar can treat 404 as
 * "our hook is gone"; {@link ProviderResponse#requireSuccess} turns the others into a {@link ProviderApiException}
 * that already says whether it is a credentials problem, a rate limit (and until when) or an outage. A request
 * that gets no answer (connection refused, timeout) throws one saying ProviderUnavailable. Nothing here logs a
 * header or a body: they carry tokens and secrets.
 */
public final class ProviderApi implements AutoCloseable {

  private final URI baseUrl;
  private final HttpClient client;
  private final Clock clock;

  public ProviderApi(URI baseUrl, Duration timeout, Clock clock) {
    this.baseUrl = baseUrl;
    this.clock = clock;
    DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
    configuration.setReadTimeout(timeout);
    configuration.setConnectTimeout(timeout);
    configuration.setFollowRedirects(false);
    configuration.setExceptionOnErrorStatus(false);
    try {
      this.client = HttpClient.create(baseUrl.toURL(), configuration);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a URL: " + baseUrl, e);
    }
  }

  public URI baseUrl() {
    return baseUrl;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * @param path the path and query below the base URL's path, e.g. {@code /repos/o/r/hooks?per_page=100}, or a full
   *     URL on the same host (a {@code Link: rel="next"} target)
   * @param headers request headers (Authorization, API version, ...)
   * @param jsonBody the JSON body; null for none
   */
  public ProviderResponse send(String method, String path, Map<String, String> headers, String jsonBody)
      throws ProviderApiException {
    return send(method, path, headers, jsonBody, MediaType.APPLICATION_JSON);
  }

  /** As {@link #send(String, String, Map, String)} with another body type (Stripe takes form-encoded bodies). */
  public ProviderResponse send(String method, String path, Map<String, String> headers, String body,
      String contentType) throws ProviderApiException {
    MutableHttpRequest<String> request = HttpRequest.create(io.micronaut.http.HttpMethod.parse(method), resolve(path));
    headers.forEach(request::header);
    request.header("Accept", headers.getOrDefault("Accept", MediaType.APPLICATION_JSON));
    if (body != null) {
      request.body(body).contentType(contentType);
    }
    try {
      HttpResponse<String> response = client.toBlocking().exchange(request, String.class);
      return ProviderResponse.of(response, clock.instant());
    } catch (HttpClientResponseException e) {
      // Only when the client raises for an error status despite exceptionOnErrorStatus=false.
      @SuppressWarnings("unchecked")
      HttpResponse<String> response = (HttpResponse<String>) e.getResponse();
      return ProviderResponse.of(response, clock.instant());
    } catch (RuntimeException e) {
      throw new ProviderApiException(FailureKind.PROVIDER_UNAVAILABLE,
          method + " " + describe(path) + ": no answer from " + baseUrl.getHost() + " (" + e.getClass().getSimpleName()
              + ")", null, 0);
    }
  }

  private String resolve(String path) {
    if (path.startsWith("http://") || path.startsWith("https://")) {
      return path;
    }
    String base = baseUrl.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
  }

  /** The path without its query, for messages (a query may carry a cursor or a search term, never a secret). */
  static String describe(String path) {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  @Override
  public void close() {
    client.close();
  }
}
