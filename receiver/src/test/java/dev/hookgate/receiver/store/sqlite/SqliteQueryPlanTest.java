package dev.hookgate.receiver.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's reads of due deliveries, dead letters and counts, and its pruning, go through the partial indexes
 * of open and of delivered deliveries. SQLite picks a partial index only when the statement repeats its predicate
 * word for word; a statement rewritten with {@code state = ?} would silently read every row kept for retention.
 */
class SqliteQueryPlanTest {

  @TempDir Path dir;

  @Test
  void dueDeliveriesAreReadFromThePendingIndex() throws SQLException {
    assertThat(plan(SqliteDeliveryStore.DUE)).containsExactly(
        "SEARCH deliveries USING INDEX deliveries_pending_due (next_attempt_at<?)");
  }

  @Test
  void deadLettersAndCountsAreReadFromTheOpenIndex() throws SQLException {
    assertThat(plan(SqliteDeliveryStore.DEAD_LETTERS)).containsExactly(
        "SEARCH deliveries USING INDEX deliveries_open (endpoint=? AND state=?)");
    assertThat(plan(SqliteDeliveryStore.OPEN_COUNTS)).containsExactly(
        "SCAN deliveries USING COVERING INDEX deliveries_open");
  }

  @Test
  void pruningReadsTheDeliveredIndex() throws SQLException {
    assertThat(plan(SqliteDeliveryStore.PRUNE_DELIVERED)).containsExactly(
        "SEARCH deliveries USING INDEX deliveries_delivered (finished_at<?)");
  }

  private List<String> plan(String sql) throws SQLException {
    try (Connection connection = new SqliteFile(dir.resolve("plan.db")).open(true);
        PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
      for (int i = 1; i <= explain.getParameterMetaData().getParameterCount(); i++) {
        explain.setLong(i, 1);
      }
      List<String> steps = new ArrayList<>();
      try (ResultSet rows = explain.executeQuery()) {
        while (rows.next()) {
          steps.add(rows.getString("detail"));
        }
      }
      return steps;
    }
  }
}
