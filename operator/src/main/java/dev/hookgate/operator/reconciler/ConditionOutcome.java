package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionType;
import java.util.Objects;

/** What one check found: a condition's status, reason and message, before timestamps are added. */
public record ConditionOutcome(ConditionType type, String status, String reason, String message) {

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  public ConditionOutcome {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    message = message == null ? "" : message;
  }

  public static ConditionOutcome ok(ConditionType type, String reason, String message) {
    return new ConditionOutcome(type, TRUE, reason, message);
  }

  public static ConditionOutcome failed(ConditionType type, String reason, String message) {
    return new ConditionOutcome(type, FALSE, reason, message);
  }

  public static ConditionOutcome unknown(ConditionType type, String reason, String message) {
    return new ConditionOutcome(type, UNKNOWN, reason, message);
  }

  public boolean isTrue() {
    return TRUE.equals(status);
  }
}
