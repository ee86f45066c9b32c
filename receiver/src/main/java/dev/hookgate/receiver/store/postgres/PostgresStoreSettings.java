package dev.hookgate.receiver.store.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the database and how to use it.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/database}
 * @param user the database role
 * @param password the role's password; never logged, not part of {@link #toString()}
 * @param poolSize connections at most (admit writers, claims, admin reads)
 * @param admitWriters threads that commit admits; each groups whatever is queued into one transaction
 * @param maxAdmitBatch admits committed together at most
 * @param dedupWindow how long a {@code (routeSlug, dedupKey)} marks later deliveries as duplicates
 * @param connectTimeout how long a caller waits for a connection before the store counts as unavailable
 */
public record PostgresStoreSettings(
    String jdbcUrl,
    String user,
    String password,
    int poolSize,
    int admitWriters,
    int maxAdmitBatch,
    Duration dedupWindow,
    Duration connectTimeout) {

  public PostgresStoreSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(dedupWindow, "dedupWindow");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("the PostgreSQL store's URL must start with jdbc:postgresql:");
    }
    if (poolSize < admitWriters + 1 || admitWriters < 1 || maxAdmitBatch < 1) {
      throw new IllegalArgumentException(
          "the PostgreSQL store needs at least one admit writer, a pool larger than the writers and a batch >= 1");
    }
  }

  /** Settings for small installations: 8 connections, 2 admit writers, 512 admits per commit at most. */
  public static PostgresStoreSettings of(String jdbcUrl, String user, String password, Duration dedupWindow) {
    return new PostgresStoreSettings(jdbcUrl, user, password, 8, 2, 512, dedupWindow, Duration.ofSeconds(3));
  }

  @Override
  public String toString() {
    return "PostgresStoreSettings[jdbcUrl=" + withoutParameters(jdbcUrl) + ", user=" + user + ", poolSize=" + poolSize
        + ", admitWriters=" + admitWriters + ", maxAdmitBatch=" + maxAdmitBatch + ", dedupWindow=" + dedupWindow
        + "]";
  }

  /** URL parameters may carry a password ({@code ?password=...}): they are left out of anything printed. */
  static String withoutParameters(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
  }
}
