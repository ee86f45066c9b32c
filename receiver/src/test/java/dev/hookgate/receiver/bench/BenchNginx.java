package dev.hookgate.receiver.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One nginx with three servers on loopback: {@code return 202}; {@code proxy_pass} (keep-alive) to the stub target;
 * and the stub target itself ({@code return 200}), which the receiver delivers to as well. The target counts its
 * requests through {@code stub_status}.
 */
final class BenchNginx implements AutoCloseable {

  private static final Pattern HANDLED = Pattern.compile("\\s(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*\\nReading");

  private final int returnPort;
  private final int proxyPort;
  private final int targetPort;
  private final Process nginx;
  private final HttpClient client = HttpClient.newHttpClient();
  private long statusReads;

  BenchNginx(Path dir, int returnPort, int proxyPort, int targetPort) throws IOException, InterruptedException {
    this.returnPort = returnPort;
    this.proxyPort = proxyPort;
    this.targetPort = targetPort;
    Files.createDirectories(dir.resolve("tmp"));
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, """
        worker_processes auto;
        error_log %1$s/error.log warn;
        pid %1$s/nginx.pid;
        events { worker_connections 4096; }
        http {
          access_log off;
          client_body_temp_path %1$s/tmp/body;
          proxy_temp_path %1$s/tmp/proxy;
          fastcgi_temp_path %1$s/tmp/fastcgi;
          uwsgi_temp_path %1$s/tmp/uwsgi;
          scgi_temp_path %1$s/tmp/scgi;
          client_body_buffer_size 64k;
          keepalive_requests 1000000;
          upstream stub_target { server 127.0.0.1:%4$d; keepalive 64; }
          server { listen 127.0.0.1:%2$d; location / { return 202; } }
          server {
            listen 127.0.0.1:%3$d;
            location / {
              proxy_pass http://stub_target;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
            }
          }
          server {
            listen 127.0.0.1:%4$d;
            location = /nginx_status { stub_status; }
            location / { return 200; }
          }
        }
        """.formatted(dir, returnPort, proxyPort, targetPort));
    this.nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;")
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      try {
        targetRequests();
        return;
      } catch (IOException e) {
        if (!nginx.isAlive() || Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("nginx did not start; see " + dir.resolve("error.log"), e);
        }
        Thread.sleep(50);
      }
    }
  }

  URI returnUri() {
    return URI.create("http://127.0.0.1:" + returnPort + "/h/bench");
  }

  URI proxyUri() {
    return URI.create("http://127.0.0.1:" + proxyPort + "/h/bench");
  }

  URI targetUri() {
    return URI.create("http://127.0.0.1:" + targetPort + "/deliveries");
  }

  /** Requests the stub target has answered, not counting these status reads. */
  long targetRequests() throws IOException, InterruptedException {
    HttpResponse<String> status = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + targetPort + "/nginx_status"))
            .timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher matcher = HANDLED.matcher(status.body());
    if (!matcher.find()) {
      throw new IllegalStateException("unexpected stub_status: " + status.body());
    }
    statusReads++;
    // nginx counts every request on all three servers; the proxy's upstream requests land on the target too
    return Long.parseLong(matcher.group(3)) - statusReads;
  }

  @Override
  public void close() {
    nginx.destroy();
  }
}
