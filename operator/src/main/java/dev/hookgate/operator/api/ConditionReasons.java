package dev.hookgate.operator.api;

/** The reasons of WebhookEndpoint conditions (CamelCase, as Kubernetes conditions want them). */
public final class ConditionReasons {

  /** Ready=True. */
  public static final String READY = "Ready";

  /** Ready=False: an entry of spec.events is not a glob, or spec.filter is not a valid CEL filter. */
  public static final String INVALID_FILTER = "InvalidFilter";
  /**
   * Ready=False: another spec mistake the schema could not refuse (e.g. a spec.sourceRanges entry that is not a
   * CIDR, an expiresAt that is not a date-time).
   */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** SecretResolved=True. */
  public static final String SECRET_FOUND = "SecretFound";
  /** SecretResolved=False (and Ready=False): the Secret or its key does not exist. */
  public static final String SECRET_NOT_FOUND = "SecretNotFound";

  /** IngressReady=True: the Ingress controller reports an address. */
  public static final String ADDRESS_ASSIGNED = "AddressAssigned";
  /** IngressReady=True: the Ingress exists; no address reported (yet). */
  public static final String CREATED = "Created";
  /** IngressReady=False: neither spec.ingress.host nor HOOKGATE_PUBLIC_BASE_URL is set. */
  public static final String NO_PUBLIC_HOST = "NoPublicHost";
  /** IngressReady=False: an Ingress (or, with spec.gateway, an HTTPRoute) of the same name is not this endpoint's. */
  public static final String INGRESS_CONFLICT = "IngressConflict";

  // With spec.gateway, IngressReady reports the endpoint's HTTPRoute. It is True/Created while no Gateway reported
  // on it yet, and False with the Gateway's own reason (e.g. NotAllowedByListeners, NoMatchingParent,
  // RefNotPermitted) when the Gateway refuses the route or cannot resolve its backend.

  /** IngressReady=True: the Gateway named in spec.gateway accepted the HTTPRoute (Accepted=True). */
  public static final String ACCEPTED = "Accepted";
  /**
   * IngressReady=False: spec.gateway is set but the Gateway API (HTTPRoute v1, ReferenceGrant v1beta1) was not
   * served by the API server when the operator started.
   */
  public static final String GATEWAY_API_NOT_INSTALLED = "GatewayApiNotInstalled";
  /** IngressReady=False: the Gateway set Accepted=False (or ResolvedRefs=False) without a reason. */
  public static final String NOT_ACCEPTED = "NotAccepted";

  /** ReceiverConfigured=True. */
  public static final String LOADED = "Loaded";
  /** ReceiverConfigured=False: some receivers do not serve the current generation yet. */
  public static final String PENDING = "Pending";
  /** ReceiverConfigured=False: no receiver pod reported. */
  public static final String NO_RECEIVERS = "NoReceivers";
  /**
   * ReceiverConfigured=False: the route takes GitHub's hooks addresses (spec.provider.github.sourceRangesFromMeta)
   * and they were never read; the route is not written until they are.
   */
  public static final String SOURCE_RANGES_UNAVAILABLE = "SourceRangesUnavailable";

  /**
   * ProviderRegistered=True: hookgate does not register this provider through an API (yet); the message says
   * which URL and secret to enter where. Ready does not wait for it.
   */
  public static final String MANUAL_REGISTRATION_REQUIRED = "ManualRegistrationRequired";
  /** ProviderRegistered=True: the hook exists at the provider and matches the endpoint (id in status.provider). */
  public static final String REGISTERED = "Registered";
  /** ProviderRegistered=False: the provider refused the credentials (401/403); retried when the Secret changes. */
  public static final String CREDENTIALS_INVALID = "CredentialsInvalid";
  /** ProviderRegistered=False: the provider's rate limit is used up; retried after the reset it announced. */
  public static final String RATE_LIMITED = "RateLimited";
  /** ProviderRegistered=False: the provider answered 5xx or not at all; retried with exponential backoff. */
  public static final String PROVIDER_UNAVAILABLE = "ProviderUnavailable";
  /**
   * ProviderRegistered=False: the provider refused the request (unknown repository, validation error) or the
   * provider block is incomplete; retried when the spec or the credentials change, and at the drift resync.
   */
  public static final String INVALID_CONFIGURATION = "InvalidConfiguration";
  /** ProviderRegistered Unknown: registration waits for the endpoint's public URL. */
  public static final String WAITING_FOR_URL = "WaitingForUrl";
  /** ProviderRegistered Unknown: the hook is created or changed once every receiver serves the route's generation. */
  public static final String WAITING_FOR_RECEIVERS = "WaitingForReceivers";

  // Event reasons (type Normal) for each change the operator made at the provider; drift repairs are Updated or
  // Recreated.
  public static final String HOOK_CREATED = "HookCreated";
  public static final String HOOK_UPDATED = "HookUpdated";
  public static final String HOOK_RECREATED = "HookRecreated";
  public static final String HOOK_REPLACED = "HookReplaced";
  /** Event (Normal): deregistration was skipped for the annotation hookgate.dev/skip-deregistration. */
  public static final String DEREGISTRATION_SKIPPED = "DeregistrationSkipped";
  /** Event (Normal): the provider's hook was deleted with the endpoint. */
  public static final String DEREGISTERED = "Deregistered";

  /** Status Unknown: the check was not reached because an earlier one failed. */
  public static final String NOT_CHECKED = "NotChecked";

  private ConditionReasons() {}
}
