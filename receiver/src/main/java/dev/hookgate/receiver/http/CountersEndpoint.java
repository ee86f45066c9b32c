package dev.hookgate.receiver.http;

import io.micronaut.http.MediaType;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import java.util.Map;

/** {@code GET /internal/counters} on the management port: {@link ReceiverCounters} as a JSON object. */
@Endpoint(id = "counters", defaultSensitive = false)
public class CountersEndpoint {

  private final ReceiverCounters counters;

  public CountersEndpoint(ReceiverCounters counters) {
    this.counters = counters;
  }

  @Read(produces = MediaType.APPLICATION_JSON)
  public Map<String, Long> counters() {
    return counters.snapshot();
  }
}
