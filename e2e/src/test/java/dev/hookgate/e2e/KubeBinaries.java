package dev.hookgate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the binaries built by {@code e2e/kube-binaries/build.sh} are, and which Kubernetes version they are: the
 * version is read from the pinned {@code go.mod}, so the script and the tests cannot disagree.
 */
public record KubeBinaries(Path testDir, String kubernetesVersion) {

  private static final Pattern KUBERNETES = Pattern.compile("(?m)^\\s*k8s\\.io/kubernetes\\s+v(\\S+)\\s*$");

  public static KubeBinaries locate() {
    Path scripts = Path.of(System.getProperty("hookgate.e2e.kube-binaries", "kube-binaries"));
    String goMod;
    try {
      goMod = Files.readString(scripts.resolve("kubernetes/go.mod"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pinned Kubernetes version from " + scripts, e);
    }
    Matcher version = KUBERNETES.matcher(goMod);
    if (!version.find()) {
      throw new IllegalStateException("no k8s.io/kubernetes requirement in " + scripts.resolve("kubernetes/go.mod"));
    }
    String dir = System.getenv("KUBE_API_TEST_DIR");
    Path testDir = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".kubeapitest");
    return new KubeBinaries(testDir, version.group(1));
  }

  /** The folder kube-api-test reads in offline mode: {@code k8s/<version>-<os>-<arch>}, as build.sh names it. */
  public Path directory() {
    return testDir.resolve("k8s").resolve(kubernetesVersion + "-" + platform());
  }

  /** Go's name for this platform, e.g. {@code linux-amd64}: what kube-api-test and build.sh append. */
  private static String platform() {
    String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
    String goos = os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
    String arch = System.getProperty("os.arch");
    String goarch = switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
    return goos + "-" + goarch;
  }

  public Path kubectl() {
    return directory().resolve("kubectl");
  }

  private static final Pattern HELM = Pattern.compile("(?m)^\\s*(?:require\\s+)?helm\\.sh/helm/v3\\s+v(\\S+)");

  /** helm, as {@code build.sh helm} places it: {@code tools/helm-<version>/helm}, the version from its go.mod. */
  public static Path helm() {
    Path scripts = Path.of(System.getProperty("hookgate.e2e.kube-binaries", "kube-binaries"));
    try {
      Matcher version = HELM.matcher(Files.readString(scripts.resolve("helm/go.mod")));
      if (!version.find()) {
        throw new IllegalStateException("no helm.sh/helm/v3 requirement in " + scripts.resolve("helm/go.mod"));
      }
      Path helm = locate().testDir().resolve("tools").resolve("helm-" + version.group(1)).resolve("helm");
      if (!Files.isExecutable(helm)) {
        throw new IllegalStateException(helm + " not found: run e2e/kube-binaries/build.sh helm"
            + " (the Maven build of e2e/ runs it for you)");
      }
      return helm;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void check() {
    for (String binary : new String[] {"kube-apiserver", "etcd", "kubectl"}) {
      if (!Files.isExecutable(directory().resolve(binary))) {
        throw new IllegalStateException(binary + " not found in " + directory()
            + ": run e2e/kube-binaries/build.sh kube (the Maven build of e2e/ runs it for you)");
      }
    }
  }
}
