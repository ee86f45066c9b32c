package dev.hookgate.operator.bench;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What kubelet does for a Secret volume (a copy of the demo's SecretVolumeProjector, which this module cannot
 * depend on): each change of the Secret is written into a fresh directory and the {@code ..data} symlink is
 * swapped to it in one rename, each key being a symlink through {@code ..data}. Kubelet projects with a delay
 * (its sync period, up to about a minute); this projects at once, so the figures are the operator's own.
 */
final class RoutesSecretProjector implements AutoCloseable {

  private final SharedIndexInformer<Secret> informer;
  final AtomicLong projections = new AtomicLong();
  private final java.util.ArrayDeque<Path> retired = new java.util.ArrayDeque<>();

  private RoutesSecretProjector(KubernetesClient client, String namespace, String name, Path directory)
      throws IOException {
    Files.createDirectories(directory);
    this.informer = client.secrets().inNamespace(namespace).withName(name).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Secret secret) {
        project(secret, directory);
      }

      @Override
      public void onUpdate(Secret oldSecret, Secret newSecret) {
        project(newSecret, directory);
      }

      @Override
      public void onDelete(Secret secret, boolean deletedFinalStateUnknown) {}
    }, 0);
  }

  static RoutesSecretProjector start(KubernetesClient client, String namespace, String name, Path directory)
      throws IOException {
    return new RoutesSecretProjector(client, namespace, name, directory);
  }

  private synchronized void project(Secret secret, Path directory) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    try {
      long sequence = projections.incrementAndGet();
      Path version = Files.createDirectory(directory.resolve("..%d_%d".formatted(System.currentTimeMillis(), sequence)));
      for (Map.Entry<String, String> entry : data.entrySet()) {
        Files.write(version.resolve(entry.getKey()), Base64.getDecoder().decode(entry.getValue()));
      }
      Path newLink = directory.resolve("..data_tmp");
      Files.deleteIfExists(newLink);
      Files.createSymbolicLink(newLink, version.getFileName());
      Path dataLink = directory.resolve("..data");
      Path previous = Files.isSymbolicLink(dataLink) ? directory.resolve(Files.readSymbolicLink(dataLink)) : null;
      Files.move(newLink, dataLink, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      for (String key : data.keySet()) {
        Path keyLink = directory.resolve(key);
        if (!Files.isSymbolicLink(keyLink)) {
          Files.createSymbolicLink(keyLink, Path.of("..data", key));
        }
      }
      if (previous != null) {
        retired.addLast(previous);
      }
      // kubelet removes old versions too; keeps a long run from filling the disk with routing tables. One old
      // version is kept so that a reader that resolved ..data just before the swap can still open its file.
      while (retired.size() > 1) {
        Path old = retired.removeFirst();
        try (var files = Files.list(old)) {
          for (Path file : files.toList()) {
            Files.deleteIfExists(file);
          }
        }
        Files.deleteIfExists(old);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot project Secret into " + directory, e);
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
