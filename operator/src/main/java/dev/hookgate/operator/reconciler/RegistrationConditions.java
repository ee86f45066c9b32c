package dev.hookgate.operator.reconciler;

import dev.hookgate.operator.api.ConditionReasons;
import dev.hookgate.operator.api.ConditionType;
import dev.hookgate.operator.provider.RegistrationResult;

/** The ProviderRegistered condition a registrar's result stands for. */
final class RegistrationConditions {

  private RegistrationConditions() {}

  static ConditionOutcome outcome(RegistrationResult result) {
    if (result instanceof RegistrationResult.Manual manual) {
      return ConditionOutcome.ok(ConditionType.PROVIDER_REGISTERED, ConditionReasons.MANUAL_REGISTRATION_REQUIRED,
          manual.instructions());
    }
    if (result instanceof RegistrationResult.Registered registered) {
      return ConditionOutcome.ok(ConditionType.PROVIDER_REGISTERED, "Registered", registered.detail());
    }
    if (result instanceof RegistrationResult.Failed failed) {
      return ConditionOutcome.failed(ConditionType.PROVIDER_REGISTERED, failed.kind().name(), failed.message());
    }
    throw new IllegalArgumentException("register() returned " + result);
  }
}
