package dev.hookgate.operator.provider;

import dev.hookgate.operator.provider.RegistrationResult.Change;
import dev.hookgate.operator.provider.api.ProviderApiException;
import java.util.List;
import java.util.Optional;

/**
 * The find / create / update / re-create / delete cycle shared by providers where one endpoint is one hook
 * (GitLab, Bitbucket, Stripe); each provider supplies its calls as {@link ProviderHooks}.
 */
public final class SingleHookRegistration {

  /** One provider's calls for the hooks of one endpoint's scope (a project, a repository, an account). */
  public interface ProviderHooks<H> {

    /** What the hooks are, for details: e.g. "hook of GitLab project group/app". */
    String describe();

    /** The hook with this id; empty when the provider answers 404. */
    Optional<H> get(String id) throws ProviderApiException;

    /**
     * Our hook, looked for across every page: by the endpoint's URL, and by the provider's ownership marker where
     * there is one. Empty when there is none, or when the request has no URL and the provider has no marker.
     */
    Optional<H> findOurs() throws ProviderApiException;

    H create() throws ProviderApiException;

    void update(H hook) throws ProviderApiException;

    /** @return false when the hook was already gone (404) */
    boolean delete(String id) throws ProviderApiException;

    String id(H hook);

    /** How the hook differs from what the endpoint wants. */
    Drift drift(H hook);

    /** The signing secret the provider generated for a hook just created; null when it issues none. */
    default String issuedSecret(H created) {
      return null;
    }

    /** Why the hook cannot be kept and must be replaced by a new one (Stripe: its secret was lost); else empty. */
    default Optional<String> replaceReason(H hook) {
      return Optional.empty();
    }
  }

  /**
   * @param differences what differs and is repaired by an update, in words ("events", "url", "disabled")
   * @param resendSecret the provider never shows the secret and this process has not sent it yet: send it along
   *     (an update that changes nothing visible)
   */
  public record Drift(List<String> differences, boolean resendSecret) {

    public Drift {
      differences = List.copyOf(differences);
    }
  }

  private SingleHookRegistration() {}

  /** Makes the provider side match: see {@link ProviderRegistrar#register}. */
  public static <H> RegistrationResult register(ProviderHooks<H> hooks, String knownHookId)
      throws ProviderApiException {
    H found = knownHookId == null ? null : hooks.get(knownHookId).orElse(null);
    if (found == null) {
      found = hooks.findOurs().orElse(null);
    }
    if (found == null) {
      H created = hooks.create();
      return knownHookId == null
          ? registered(hooks, created, Change.CREATED, "created " + hooks.describe() + " " + hooks.id(created))
          : registered(hooks, created, Change.RECREATED, "re-created " + hooks.describe() + " " + hooks.id(created)
              + ": " + knownHookId + " was gone at the provider");
    }
    return repair(hooks, found);
  }

  /** Deletes our hook, found by {@code knownHookId} or else {@link ProviderHooks#findOurs}; 404 counts as done. */
  public static <H> RegistrationResult deregister(ProviderHooks<H> hooks, String knownHookId)
      throws ProviderApiException {
    String id = knownHookId != null ? knownHookId : hooks.findOurs().map(hooks::id).orElse(null);
    if (id == null) {
      return new RegistrationResult.Deregistered("no " + hooks.describe() + " of this endpoint was found");
    }
    return new RegistrationResult.Deregistered(
        (hooks.delete(id) ? "deleted " : "already gone: ") + hooks.describe() + " " + id);
  }

  private static <H> RegistrationResult repair(ProviderHooks<H> hooks, H found) throws ProviderApiException {
    String id = hooks.id(found);
    Optional<String> replaceReason = hooks.replaceReason(found);
    if (replaceReason.isPresent()) {
      hooks.delete(id);
      H created = hooks.create();
      return registered(hooks, created, Change.REPLACED, "replaced " + hooks.describe() + " " + id + " by "
          + hooks.id(created) + ": " + replaceReason.get());
    }
    Drift drift = hooks.drift(found);
    if (!drift.differences().isEmpty()) {
      hooks.update(found);
      return new RegistrationResult.Registered(id, Change.UPDATED, null,
          "updated " + hooks.describe() + " " + id + ": " + String.join(", ", drift.differences()) + " differed");
    }
    if (drift.resendSecret()) {
      hooks.update(found);
      return new RegistrationResult.Registered(id, Change.UNCHANGED, null, hooks.describe() + " " + id
          + " matches; re-sent the signing secret, which the provider never shows");
    }
    return new RegistrationResult.Registered(id, Change.UNCHANGED, null, hooks.describe() + " " + id + " matches");
  }

  private static <H> RegistrationResult registered(ProviderHooks<H> hooks, H created, Change change, String detail) {
    return new RegistrationResult.Registered(hooks.id(created), change, hooks.issuedSecret(created), detail);
  }
}
