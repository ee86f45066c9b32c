package dev.hookgate.receiver.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store's reads of due deliveries, dead letters and counts, and its pruning, go through the partial indexes
 * of open and of delivered deliveries. SQLite picks a partial index only when the statement repeats its predicate
 * word for word; a statement rewritten with {@code state = ?} would silently read every row kept for retention.
 * A prune step's deletes find their rows by key.
 */
class SqliteQueryPlanTest {

  @TempDir Path dir;

  static Stream<Arguments> statementsAndTheirPlans() {
    return Stream.of(
        Arguments.of("due", SqliteDeliveryStore.DUE,
            "SEARCH deliveries USING INDEX deliveries_pending_due (next_attempt_at<?)"),
        Arguments.of("dead letters", SqliteDeliveryStore.DEAD_LETTERS,
            "SEARCH deliveries USING INDEX deliveries_open (endpoint=? AND state=?)"),
        Arguments.of("counts", SqliteDeliveryStore.OPEN_COUNTS, "SCAN deliveries USING COVERING INDEX deliveries_open"),
        Arguments.of("prune", SqliteDeliveryStore.PRUNABLE_DELIVERED,
            "SEARCH deliveries USING COVERING INDEX deliveries_delivered (finished_at<?)"),
        Arguments.of("prune dead letters", SqliteDeliveryStore.PRUNABLE_DEAD_LETTERS,
            "SEARCH deliveries USING COVERING INDEX deliveries_dead_lettered (finished_at<?)"),
        Arguments.of("prune attempts", SqliteDeliveryStore.DELETE_ATTEMPTS, List.of(
            "SEARCH attempts USING COVERING INDEX attempts_delivery (delivery_id=?)",
            "LIST SUBQUERY 1",
            "SCAN json_each VIRTUAL TABLE INDEX 1:")),
        Arguments.of("prune deliveries", SqliteDeliveryStore.DELETE_DELIVERIES, List.of(
            "SEARCH deliveries USING INTEGER PRIMARY KEY (rowid=?)",
            "LIST SUBQUERY 1",
            "SCAN json_each VIRTUAL TABLE INDEX 1:")),
        Arguments.of("dedup keys a drain copies", SqliteDeliveryStore.DEDUP_KEYS_AFTER,
            "SEARCH dedup_keys USING PRIMARY KEY ((slug,dedup_key)>(?,?))"),
        Arguments.of("prune dedup keys", SqliteDeliveryStore.EXPIRED_DEDUP_KEYS, List.of(
            "SEARCH dedup_keys USING PRIMARY KEY (slug=? AND dedup_key=?)",
            "LIST SUBQUERY 2",
            "SEARCH dedup_keys USING COVERING INDEX dedup_keys_first_seen (first_seen<?)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statementsAndTheirPlans")
  void theStatementReadsItsIndexes(String name, String sql, Object expectedPlan) throws SQLException {
    List<?> steps = expectedPlan instanceof List<?> list ? list : List.of(expectedPlan);
    assertThat(plan(sql)).containsExactlyElementsOf(steps.stream().map(String::valueOf).toList());
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
