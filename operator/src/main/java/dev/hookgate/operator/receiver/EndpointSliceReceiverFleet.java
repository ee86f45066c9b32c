package dev.hookgate.operator.receiver;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The receiver pods, ready or not, from the EndpointSlices of the receiver's headless status Service (labelled
 * {@code kubernetes.io/service-name=<service>}), kept current by an informer.
 */
public class EndpointSliceReceiverFleet implements ReceiverFleet {

  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final SharedIndexInformer<EndpointSlice> informer;
  private final String namespace;
  private final int statusPort;

  public EndpointSliceReceiverFleet(KubernetesClient client, String namespace, String serviceName, int statusPort) {
    this.namespace = namespace;
    this.statusPort = statusPort;
    this.informer =
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(namespace)
            .withLabel(SERVICE_NAME_LABEL, serviceName)
            .inform();
  }

  @Override
  public List<URI> receivers() {
    return statusUrls(endpoints().filter(EndpointSliceReceiverFleet::ready));
  }

  @Override
  public List<URI> notReady() {
    List<URI> ready = receivers();
    return statusUrls(endpoints().filter(endpoint -> !ready(endpoint))).stream()
        .filter(receiver -> !ready.contains(receiver))
        .toList();
  }

  private List<URI> statusUrls(Stream<Endpoint> endpoints) {
    return endpoints
        .map(endpoint -> endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()
            ? null : endpoint.getAddresses().get(0))
        .filter(Objects::nonNull)
        .distinct()
        .sorted()
        .map(address -> URI.create("http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + statusPort))
        .toList();
  }

  @Override
  public Optional<PodRef> pod(URI receiver) {
    return namedEndpoint(addressOf(receiver))
        .filter(endpoint -> "Pod".equals(endpoint.getTargetRef().getKind()))
        .map(endpoint -> new PodRef(Objects.requireNonNullElse(endpoint.getTargetRef().getNamespace(), namespace),
            endpoint.getTargetRef().getName(), endpoint.getTargetRef().getUid()));
  }

  /** The endpoint at {@code address} that names what is behind it (its targetRef). */
  private Optional<Endpoint> namedEndpoint(String address) {
    return endpoints()
        .filter(endpoint -> endpoint.getAddresses() != null && endpoint.getAddresses().contains(address)
            && endpoint.getTargetRef() != null && endpoint.getTargetRef().getName() != null)
        .findFirst();
  }

  private static String addressOf(URI receiver) {
    String host = receiver.getHost();
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  /** The pod behind {@code receiver} and its address, e.g. {@code hookgate-receiver-1 (10.0.0.8)}. */
  @Override
  public String describe(URI receiver) {
    String address = addressOf(receiver);
    return namedEndpoint(address)
        .map(endpoint -> endpoint.getTargetRef().getName() + " (" + address + ")")
        .orElse(receiver.toString());
  }

  /** Every endpoint of the Service's slices, ready or not. */
  private Stream<Endpoint> endpoints() {
    return informer.getStore().list().stream()
        .flatMap(slice -> slice.getEndpoints() == null ? Stream.empty() : slice.getEndpoints().stream());
  }

  private static boolean ready(Endpoint endpoint) {
    // "nil should be interpreted as true" (discovery.k8s.io/v1 EndpointConditions)
    return endpoint.getConditions() == null || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
  }

  @Override
  public void close() {
    informer.close();
  }
}
