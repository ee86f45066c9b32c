package dev.hookgate.receiver.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin API from a shell: {@code java -cp hookgate-receiver.jar dev.hookgate.receiver.admin.AdminCli
 * [--url http://127.0.0.1:9090] COMMAND}, with a receiver's internal port reachable (in a cluster:
 * {@code kubectl port-forward pod/hookgate-receiver-0 9090}, or the {@code kubectl-hookgate} plugin). Commands:
 *
 * <pre>
 *   history ID                          one delivery and its attempts
 *   dead-letters NAMESPACE/NAME         an endpoint's dead letters, newest first
 *   replay --id ID                      one dead letter back into the queue
 *   replay --endpoint NAMESPACE/NAME    all of an endpoint's dead letters
 *   replay --since 2026-01-01T00:00:00Z [--endpoint NAMESPACE/NAME]
 * </pre>
 *
 * Prints the receiver's JSON answer; exits 0 on 2xx, 1 otherwise, 2 on a usage error.
 */
public final class AdminCli {

  static final String DEFAULT_URL = "http://127.0.0.1:9090";
  private static final String USAGE = "usage: AdminCli [--url URL] history ID | dead-letters NAMESPACE/NAME"
      + " | replay (--id ID | --endpoint NAMESPACE/NAME | --since TIME [--endpoint NAMESPACE/NAME])";

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static void main(String[] args) {
    System.exit(new AdminCli().run(args, System.out, System.err));
  }

  /** Runs one command; returns the exit code. */
  public int run(String[] args, PrintStream out, PrintStream err) {
    List<String> rest = new ArrayList<>(List.of(args));
    String url = System.getenv().getOrDefault("HOOKGATE_ADMIN_URL", DEFAULT_URL);
    if (rest.size() >= 2 && rest.get(0).equals("--url")) {
      url = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    HttpRequest request;
    try {
      request = request(URI.create(url.replaceAll("/+$", "")), rest);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      out.println(response.body());
      return response.statusCode() / 100 == 2 ? 0 : 1;
    } catch (IOException e) {
      err.println("cannot reach the receiver's admin API at " + url + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static HttpRequest request(URI base, List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("no command");
    }
    String command = args.get(0);
    if (command.equals("history") && args.size() == 2) {
      return HttpRequest.newBuilder(base.resolve("/internal/deliveries/" + number(args.get(1)))).GET().build();
    }
    if (command.equals("dead-letters") && args.size() == 2) {
      String[] endpoint = endpoint(args.get(1));
      return HttpRequest.newBuilder(base.resolve("/internal/endpoints/" + encode(endpoint[0]) + "/"
          + encode(endpoint[1]) + "/dead-letters")).GET().build();
    }
    if (command.equals("replay")) {
      return HttpRequest.newBuilder(base.resolve("/internal/replay"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(replayJson(args.subList(1, args.size()))))
          .build();
    }
    throw new IllegalArgumentException("unknown command or wrong arguments: " + String.join(" ", args));
  }

  private static String replayJson(List<String> options) {
    List<String> fields = new ArrayList<>();
    for (int i = 0; i + 1 < options.size(); i += 2) {
      String value = options.get(i + 1);
      switch (options.get(i)) {
        case "--id" -> fields.add("\"id\":" + number(value));
        case "--endpoint" -> fields.add("\"endpoint\":\"" + String.join("/", endpoint(value)) + "\"");
        case "--since" -> fields.add("\"since\":\"" + jsonSafe(value) + "\"");
        default -> throw new IllegalArgumentException("unknown replay option " + options.get(i));
      }
    }
    if (fields.isEmpty() || options.size() % 2 != 0) {
      throw new IllegalArgumentException("replay needs --id, --endpoint or --since, each with a value");
    }
    return "{" + String.join(",", fields) + "}";
  }

  private static long number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a delivery id: " + text);
    }
  }

  private static String[] endpoint(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("an endpoint is NAMESPACE/NAME, got " + text);
    }
    for (String part : parts) {
      jsonSafe(part);
    }
    return parts;
  }

  /** Kubernetes names and RFC 3339 times need no escaping; anything that would is refused. */
  private static String jsonSafe(String value) {
    if (!value.matches("[A-Za-z0-9.:+_-]+")) {
      throw new IllegalArgumentException("unexpected characters in " + value);
    }
    return value;
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }
}
