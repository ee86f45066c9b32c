package dev.hookgate.receiver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests: one throwaway cluster per test JVM under {@code target/postgres-test},
 * on a free loopback port with fsync on, started on first use by {@code src/test/postgres/pg-test-server.sh}
 * (which installs PostgreSQL from Debian packages when it is missing) and stopped when the JVM exits. When
 * PostgreSQL cannot be installed or started, {@link #get()} throws with the script's output: the tests fail, they
 * are never skipped.
 */
public final class PostgresServer {

  private static final Path SCRIPT = Path.of("src/test/postgres/pg-test-server.sh").toAbsolutePath();
  private static final Path DIRECTORY = Path.of("target/postgres-test").toAbsolutePath();
  private static final String USER = "hookgate";
  private static final String DATABASE = "hookgate";

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static PostgresServer running;

  private final int port;

  private PostgresServer(int port) {
    this.port = port;
  }

  /** The running server; starts it on first use. */
  public static synchronized PostgresServer get() {
    if (running == null) {
      int port = RunningReceiver.freePort();
      run("start", DIRECTORY.toString(), Integer.toString(port));
      running = new PostgresServer(port);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> run("stop", DIRECTORY.toString()), "postgres-stop"));
    }
    return running;
  }

  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  private String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** A new empty database on this server, so a test starts from nothing; its JDBC URL. */
  public String createDatabase() {
    String name = "test_" + DATABASES.incrementAndGet();
    try (Connection connection = DriverManager.getConnection(jdbcUrl(), USER, password());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return jdbcUrl(name);
  }

  public String user() {
    return USER;
  }

  /** Receiver settings for the PostgreSQL store on a new empty database of this server. */
  public Map<String, Object> receiverSettings() {
    return Map.of(
        "hookgate.store.type", "postgresql",
        "hookgate.store.postgresql.url", createDatabase(),
        "hookgate.store.postgresql.user", user(),
        "hookgate.store.postgresql.password-file", passwordFile().toString());
  }

  /** The file holding the password, the way a mounted Secret holds it. */
  public Path passwordFile() {
    return DIRECTORY.resolve("password");
  }

  public String password() {
    try {
      return Files.readString(passwordFile()).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fast shutdown: every client connection is cut, new ones are refused until {@link #resume()}. */
  public void stop() {
    run("stop", DIRECTORY.toString());
  }

  /** Starts the same cluster again on the same port, its data intact. */
  public void resume() {
    run("resume", DIRECTORY.toString(), Integer.toString(port));
  }

  private static void run(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(SCRIPT.toString());
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "PostgreSQL for the tests: `" + String.join(" ", command) + "` failed:\n"
                + new String(output, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + SCRIPT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + SCRIPT, e);
    }
  }
}
