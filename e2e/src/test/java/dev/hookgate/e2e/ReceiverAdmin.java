package dev.hookgate.e2e;

import dev.hookgate.demo.ReceiverProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads a receiver's admin API on its internal port, as the e2e tests check what it holds. */
final class ReceiverAdmin {

  private ReceiverAdmin() {}

  /** The endpoint's ({@code namespace/name}) dead letters as {@code GET .../dead-letters} lists them (JSON). */
  static String deadLetters(ReceiverProcess receiver, String endpoint) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            receiver.internalUri().resolve("/internal/endpoints/" + endpoint + "/dead-letters")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
