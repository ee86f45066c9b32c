package dev.hookgate.operator.provider.shopify;

import dev.hookgate.operator.api.ShopifyProviderSpec;
import dev.hookgate.operator.provider.ApiRegistrar;
import dev.hookgate.operator.provider.RegistrationRequest;
import dev.hookgate.operator.provider.RegistrationResult;
import dev.hookgate.operator.provider.RegistrationResult.Change;
import dev.hookgate.operator.provider.api.ProviderApis;
import dev.hookgate.operator.provider.api.ProviderApiException;
import dev.hookgate.operator.provider.shopify.ShopifySubscriptions.Subscription;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Registers the endpoint as Shopify webhook subscriptions through the GraphQL Admin API, one per topic in
 * spec.events, all delivering to the endpoint's URL (access token from the credentials Secret's
 * {@code accessToken} key). The hook id is the subscriptions' ids, comma-separated in topic order. Shopify signs
 * with the app's client secret: nothing is issued, and the signing Secret stays the user's.
 */
public final class ShopifyRegistrar extends ApiRegistrar {

  static final String ACCESS_TOKEN = "accessToken";
  private static final String ID_SEPARATOR = ",";

  public ShopifyRegistrar(ProviderApis apis) {
    super(apis);
  }

  @Override
  protected RegistrationResult.Failed unusable(RegistrationRequest request) {
    ShopifyProviderSpec spec = spec(request);
    if (spec == null || (spec.getShopDomain() == null && spec.getAdminApiBaseUrl() == null)) {
      return invalid("spec.provider.shopify needs shopDomain, e.g. example.myshopify.com");
    }
    return request.credentials().value(ACCESS_TOKEN).isEmpty()
        ? missingCredentials(request, "key '" + ACCESS_TOKEN + "'") : null;
  }

  @Override
  protected List<String> secrets(RegistrationRequest request) {
    return Arrays.asList(request.credentials().value(ACCESS_TOKEN).orElse(null), request.signingSecret());
  }

  @Override
  protected RegistrationResult registerChecked(RegistrationRequest request) throws ProviderApiException {
    List<String> topics;
    try {
      topics = ShopifyTopics.fromEvents(request.endpoint().getSpec().getEvents());
    } catch (IllegalArgumentException e) {
      return invalid(e.getMessage());
    }
    return sync(subscriptions(request), request, topics);
  }

  @Override
  protected RegistrationResult deregisterChecked(RegistrationRequest request) throws ProviderApiException {
    return remove(subscriptions(request), request);
  }

  private static RegistrationResult sync(ShopifySubscriptions subscriptions, RegistrationRequest request,
      List<String> topics) throws ProviderApiException {
    String url = request.url().toString();
    Set<String> known = ids(request.knownHookId());
    List<Subscription> all = subscriptions.all();
    List<Subscription> ours = all.stream()
        .filter(subscription -> url.equals(subscription.callbackUrl()) || known.contains(subscription.id()))
        .toList();
    boolean knownGone = known.stream().anyMatch(id -> all.stream().noneMatch(s -> s.id().equals(id)));

    Map<String, String> kept = new TreeMap<>();
    List<String> repairs = new ArrayList<>();
    for (Subscription subscription : ours) {
      if (!topics.contains(subscription.topic()) || kept.containsKey(subscription.topic())) {
        subscriptions.delete(subscription.id());
        repairs.add("unsubscribed " + subscription.topic());
        continue;
      }
      if (!url.equals(subscription.callbackUrl())) {
        subscriptions.updateCallbackUrl(subscription.id(), url);
        repairs.add("pointed " + subscription.topic() + " at the endpoint's URL");
      }
      kept.put(subscription.topic(), subscription.id());
    }
    List<String> created = new ArrayList<>();
    for (String topic : topics) {
      if (!kept.containsKey(topic)) {
        kept.put(topic, subscriptions.create(topic, url));
        created.add(topic);
      }
    }
    if (!created.isEmpty()) {
      repairs.add("subscribed " + String.join(", ", created));
    }
    String hookId = String.join(ID_SEPARATOR, kept.values());
    String detail = "Shopify webhook subscriptions " + String.join(", ", kept.keySet());
    if (repairs.isEmpty()) {
      return new RegistrationResult.Registered(hookId, Change.UNCHANGED, null, detail + " match");
    }
    Change change;
    if (ours.isEmpty()) {
      change = known.isEmpty() ? Change.CREATED : Change.RECREATED;
    } else {
      change = !created.isEmpty() && knownGone ? Change.RECREATED : Change.UPDATED;
    }
    return new RegistrationResult.Registered(hookId, change, null, detail + ": " + String.join("; ", repairs));
  }

  private static RegistrationResult remove(ShopifySubscriptions subscriptions, RegistrationRequest request)
      throws ProviderApiException {
    Set<String> ids = ids(request.knownHookId());
    if (ids.isEmpty() && request.url() != null) {
      String url = request.url().toString();
      for (Subscription subscription : subscriptions.all()) {
        if (url.equals(subscription.callbackUrl())) {
          ids.add(subscription.id());
        }
      }
    }
    if (ids.isEmpty()) {
      return new RegistrationResult.Deregistered("no Shopify webhook subscription of this endpoint was found");
    }
    int deleted = 0;
    for (String id : ids) {
      deleted += subscriptions.delete(id) ? 1 : 0;
    }
    return new RegistrationResult.Deregistered(deleted == 0
        ? "already gone: Shopify webhook subscriptions " + String.join(", ", ids)
        : "deleted " + deleted + " Shopify webhook subscription(s) of " + ids.size());
  }

  private static Set<String> ids(String hookId) {
    Set<String> ids = new LinkedHashSet<>();
    if (hookId != null) {
      Arrays.stream(hookId.split(ID_SEPARATOR)).map(String::trim).filter(id -> !id.isEmpty()).forEach(ids::add);
    }
    return ids;
  }

  private static ShopifyProviderSpec spec(RegistrationRequest request) {
    return request.endpoint().getSpec().getProvider().getShopify();
  }

  private ShopifySubscriptions subscriptions(RegistrationRequest request) {
    ShopifyProviderSpec spec = spec(request);
    String version = spec.getApiVersion() == null ? ShopifyProviderSpec.DEFAULT_API_VERSION : spec.getApiVersion();
    URI root = apiRoot(spec.getAdminApiBaseUrl(), "https://" + spec.getShopDomain() + "/admin/api/" + version);
    ShopifyGraphql graphql =
        new ShopifyGraphql(apis.forBaseUrl(root), request.credentials().value(ACCESS_TOKEN).orElseThrow());
    return new ShopifySubscriptions(graphql, spec.getShopDomain() == null ? root.toString() : spec.getShopDomain());
  }
}
