package dev.hookgate.receiver.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives load with wrk: every request a POST of the same signed body, each with its own delivery id header (so
 * deduplication never swallows one), optionally paced by a per-connection delay.
 */
final class Wrk {

  /** What one run measured; latencies in milliseconds. */
  record Result(long requests, long non2xx, long socketErrors, double seconds, double p50, double p99) {
    double requestsPerSecond() {
      return requests / seconds;
    }
  }

  private final Path workDir;

  Wrk(Path workDir) {
    this.workDir = workDir;
  }

  /**
   * @param uniqueHeader the header that gets a distinct value per request (null: none)
   * @param delayMillis each connection's pause between requests (0: flat out)
   */
  Result run(URI uri, Map<String, String> headers, byte[] body, String uniqueHeader, int connections,
      int seconds, double delayMillis) throws IOException, InterruptedException {
    Path script = workDir.resolve("wrk-" + System.nanoTime() + ".lua");
    Files.writeString(script, luaScript(headers, body, uniqueHeader, delayMillis));
    List<String> command = new ArrayList<>(List.of("wrk", "-t", "2", "-c", Integer.toString(connections),
        "-d", seconds + "s", "--timeout", "10s", "-s", script.toString(), uri.toString()));
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = wrk.waitFor();
    Files.delete(script);
    if (exit != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    return parse(output);
  }

  private static Result parse(String output) {
    for (String line : output.split("\n")) {
      if (line.startsWith("RESULT ")) {
        String[] f = line.substring("RESULT ".length()).trim().split(" ");
        return new Result(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
            Double.parseDouble(f[3]) / 1e6, Double.parseDouble(f[4]) / 1e3, Double.parseDouble(f[5]) / 1e3);
      }
    }
    throw new IllegalStateException("wrk printed no result:\n" + output);
  }

  private static String luaScript(Map<String, String> headers, byte[] body, String uniqueHeader, double delay) {
    StringBuilder lua = new StringBuilder();
    lua.append("wrk.method = \"POST\"\n");
    lua.append("wrk.body = ").append(luaString(new String(body, StandardCharsets.ISO_8859_1))).append("\n");
    headers.forEach((name, value) ->
        lua.append("wrk.headers[").append(luaString(name)).append("] = ").append(luaString(value)).append("\n"));
    // each wrk thread has its own Lua state: number them so their ids never collide, and a nonce per run
    lua.append("""
        local threads = 0
        function setup(thread)
          threads = threads + 1
          thread:set("tid", threads)
        end
        local sent = 0
        local nonce = tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000000))
        """);
    if (uniqueHeader != null) {
      lua.append("request = function()\n")
          .append("  sent = sent + 1\n")
          .append("  wrk.headers[").append(luaString(uniqueHeader)).append("] = nonce .. \"-\" .. tid .. \"-\" .. sent\n")
          .append("  return wrk.format()\n")
          .append("end\n");
    }
    if (delay > 0) {
      lua.append("delay = function() return ").append(delay).append(" end\n");
    }
    lua.append("""
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, e.status,
            e.connect + e.read + e.write + e.timeout, summary.duration,
            latency:percentile(50), latency:percentile(99)))
        end
        """);
    return lua.toString();
  }

  private static String luaString(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        quoted.append(String.format("\\%03d", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
