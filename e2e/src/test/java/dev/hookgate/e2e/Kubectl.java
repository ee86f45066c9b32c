package dev.hookgate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl (or helm) against the test API server, with a timeout, output captured. */
public final class Kubectl {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

  private final Path binary;
  private final Path kubeconfig;
  private final Path workDir;

  Kubectl(Path binary, Path kubeconfig, Path workDir) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.workDir = workDir;
  }

  /** What one kubectl run printed and returned. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
      return exitCode == 0;
    }

    /** Fails with everything kubectl printed unless it exited 0. */
    public Result orFail() {
      if (!succeeded()) {
        throw new AssertionError(this.toString());
      }
      return this;
    }

    @Override
    public String toString() {
      return "kubectl " + String.join(" ", command) + " -> exit " + exitCode + "\n--- stdout\n" + stdout
          + "--- stderr\n" + stderr;
    }
  }

  public Result run(String... args) {
    return run(null, DEFAULT_TIMEOUT, args);
  }

  /** Runs with {@code stdin} (may be null) fed to kubectl, e.g. for {@code apply -f -}. */
  public Result runWithInput(String stdin, String... args) {
    return run(stdin, DEFAULT_TIMEOUT, args);
  }

  public Result run(String stdin, Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(workDir, "kubectl-", ".out");
      Path err = Files.createTempFile(workDir, "kubectl-", ".err");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().remove("KUBECONFIG");
      Process process = builder.start();
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within " + timeout
            + "\n--- stdout\n" + Files.readString(out) + "--- stderr\n" + Files.readString(err));
      }
      Result result = new Result(List.of(args), process.exitValue(), Files.readString(out), Files.readString(err));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running kubectl", e);
    }
  }
}
