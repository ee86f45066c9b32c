package dev.hookgate.receiver.store.postgres;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The PostgreSQL store's settings ({@code hookgate.store.postgresql.*}; env {@code HOOKGATE_STORE_POSTGRESQL_URL},
 * {@code ..._USER}, {@code ..._PASSWORD_FILE}, ...), used when {@code hookgate.store.type} is {@code postgresql}.
 *
 * @param url {@code jdbc:postgresql://host:port/database}
 * @param user the database role
 * @param passwordFile a file holding the role's password (a mounted Secret); read once at start
 * @param password the password itself, for when a file is not at hand; {@code passwordFile} wins
 * @param poolSize connections at most
 * @param admitWriters threads committing admits, each a batch per transaction
 * @param maxAdmitBatch admits per commit at most
 * @param connectTimeout how long a call waits for a connection before the store counts as unavailable (503)
 */
@ConfigurationProperties("hookgate.store.postgresql")
public record PostgresStoreConfig(
    String url,
    @Bindable(defaultValue = "hookgate") String user,
    @Nullable String passwordFile,
    @Nullable String password,
    @Bindable(defaultValue = "8") int poolSize,
    @Bindable(defaultValue = "2") int admitWriters,
    @Bindable(defaultValue = "512") int maxAdmitBatch,
    @Bindable(defaultValue = "3s") Duration connectTimeout) {

  PostgresStoreSettings settings(Duration dedupWindow) {
    return new PostgresStoreSettings(
        url, user, resolvePassword(), poolSize, admitWriters, maxAdmitBatch, dedupWindow, connectTimeout);
  }

  private String resolvePassword() {
    if (passwordFile == null || passwordFile.isBlank()) {
      return password;
    }
    try {
      return Files.readString(Path.of(passwordFile)).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("hookgate.store.postgresql.password-file cannot be read: " + passwordFile, e);
    }
  }

  @Override
  public String toString() {
    return "PostgresStoreConfig[url=" + PostgresStoreSettings.withoutParameters(url) + ", user=" + user
        + ", passwordFile=" + passwordFile + ", poolSize=" + poolSize + "]";
  }
}
