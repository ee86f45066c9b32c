package dev.hookgate.demo;

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
 * Does what kubelet does for a Secret volume: writes the Secret's keys into a fresh timestamped directory, then
 * swaps the {@code ..data} symlink to it in one atomic rename, with each key a symlink through {@code ..data}.
 * A reader of {@code dir/<key>} therefore sees the old file or the new one, never half of either.
 */
public final class SecretVolumeProjector implements AutoCloseable {

  private final Path directory;
  private final SharedIndexInformer<Secret> informer;
  private final AtomicLong projections = new AtomicLong();

  private SecretVolumeProjector(Path directory, SharedIndexInformer<Secret> informer) {
    this.directory = directory;
    this.informer = informer;
  }

  /** Projects the named Secret into {@code directory} now and on every change, until closed. */
  public static SecretVolumeProjector start(KubernetesClient client, String namespace, String name, Path directory)
      throws IOException {
    Files.createDirectories(directory);
    SecretVolumeProjector[] self = new SecretVolumeProjector[1];
    SharedIndexInformer<Secret> informer =
        client.secrets().inNamespace(namespace).withName(name).inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Secret secret) {
            self[0].project(secret);
          }

          @Override
          public void onUpdate(Secret oldSecret, Secret newSecret) {
            self[0].project(newSecret);
          }

          @Override
          public void onDelete(Secret secret, boolean deletedFinalStateUnknown) {}
        }, 0);
    self[0] = new SecretVolumeProjector(directory, informer);
    return self[0];
  }

  /** Writes the Secret's data the way kubelet does. Public so tests can project without an informer. */
  public static void project(Map<String, String> base64Data, Path directory, long sequence) throws IOException {
    Path version = Files.createDirectory(directory.resolve("..%d_%d".formatted(System.currentTimeMillis(), sequence)));
    for (Map.Entry<String, String> entry : base64Data.entrySet()) {
      Files.write(version.resolve(entry.getKey()), Base64.getDecoder().decode(entry.getValue()));
    }
    Path newLink = directory.resolve("..data_tmp");
    Files.deleteIfExists(newLink);
    Files.createSymbolicLink(newLink, version.getFileName());
    Files.move(newLink, directory.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    for (String key : base64Data.keySet()) {
      Path keyLink = directory.resolve(key);
      if (!Files.isSymbolicLink(keyLink)) {
        Files.createSymbolicLink(keyLink, Path.of("..data", key));
      }
    }
  }

  private void project(Secret secret) {
    try {
      project(secret.getData() == null ? Map.of() : secret.getData(), directory, projections.incrementAndGet());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot project Secret into " + directory, e);
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
