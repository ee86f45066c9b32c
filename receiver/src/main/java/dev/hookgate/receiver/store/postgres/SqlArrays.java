package dev.hookgate.receiver.store.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/** A batch's column as one SQL array parameter, for the statements that take a whole batch at once. */
final class SqlArrays {

  private SqlArrays() {}

  /** {@code text[]} of one column of {@code rows}, in their order; a null value stays null. */
  static <T> Array texts(Connection connection, List<T> rows, Function<T, String> column) throws SQLException {
    return connection.createArrayOf("text", rows.stream().map(column).toArray(String[]::new));
  }

  /** {@code integer[]} of one column of {@code rows}, in their order. */
  static <T> Array integers(Connection connection, List<T> rows, Function<T, Integer> column) throws SQLException {
    return connection.createArrayOf("integer", rows.stream().map(column).toArray(Integer[]::new));
  }

  /** {@code bigint[]} of one column of {@code rows}, in their order. */
  static <T> Array bigints(Connection connection, List<T> rows, Function<T, Long> column) throws SQLException {
    return connection.createArrayOf("bigint", rows.stream().map(column).toArray(Long[]::new));
  }
}
