package dev.hookgate.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void defaults() {
    OperatorSettings settings = OperatorSettings.defaults();
    assertThat(settings.receiverNamespace()).isEqualTo("hookgate-system");
    assertThat(settings.routesSecretName()).isEqualTo("hookgate-routes");
    assertThat(settings.receiverServiceName()).isEqualTo("hookgate-receiver");
    assertThat(settings.receiverServicePort()).isEqualTo(80);
    assertThat(settings.receiverStatusServiceName()).isEqualTo("hookgate-receiver-internal");
    assertThat(settings.receiverStatusPort()).isEqualTo(9090);
    assertThat(settings.receiverStatusUrls()).isEmpty();
    assertThat(settings.publicBaseUrl()).isNull();
    assertThat(settings.ingressClass()).isNull();
    assertThat(settings.ingressTlsSecret()).isNull();
    assertThat(settings.targetUrlTemplate()).isEqualTo("http://{service}.{namespace}.svc:{port}{path}");
    assertThat(settings.watchNamespaces()).isEmpty();
    assertThat(settings.serverSideApply()).isTrue();
    assertThat(settings.reconcileThreads()).isEqualTo(16);
    assertThat(settings.receiverReportMaxAge()).isEqualTo(Duration.ofMillis(200));
    assertThat(settings.pendingRecheck()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void reconcileThreadsAndReportMaxAgeFromEnvironment() {
    OperatorSettings settings = OperatorSettings.fromEnv(Map.of(
        "HOOKGATE_RECONCILE_THREADS", " 4 ",
        "HOOKGATE_RECEIVER_REPORT_MAX_AGE", "500ms"));
    assertThat(settings.reconcileThreads()).isEqualTo(4);
    assertThat(settings.receiverReportMaxAge()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.toBuilder().build().reconcileThreads()).isEqualTo(4);
    assertThat(OperatorSettings.fromEnv(Map.of("HOOKGATE_RECEIVER_REPORT_MAX_AGE", "1s")).receiverReportMaxAge())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(OperatorSettings.fromEnv(Map.of("HOOKGATE_RECEIVER_REPORT_MAX_AGE", "PT0.3S")).receiverReportMaxAge())
        .isEqualTo(Duration.ofMillis(300));
    assertThat(OperatorSettings.fromEnv(Map.of("HOOKGATE_RECEIVER_REPORT_MAX_AGE", "0ms")).receiverReportMaxAge())
        .isZero();
    assertThat(OperatorSettings.fromEnv(Map.of("HOOKGATE_RECONCILE_THREADS", "")).reconcileThreads()).isEqualTo(16);
  }

  @Test
  void invalidReconcileThreadsAreRefused() {
    assertThatThrownBy(() -> OperatorSettings.fromEnv(Map.of("HOOKGATE_RECONCILE_THREADS", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HOOKGATE_RECONCILE_THREADS must be at least 1, got 0");
    assertThatThrownBy(() -> OperatorSettings.fromEnv(Map.of("HOOKGATE_RECONCILE_THREADS", "eight")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HOOKGATE_RECONCILE_THREADS must be a whole number, got 'eight'");
    assertThatThrownBy(() -> OperatorSettings.builder().reconcileThreads(-1).build())
        .hasMessageContaining("HOOKGATE_RECONCILE_THREADS must be at least 1");
  }

  @Test
  void invalidReportMaxAgeIsRefused() {
    assertThatThrownBy(() -> OperatorSettings.fromEnv(Map.of("HOOKGATE_RECEIVER_REPORT_MAX_AGE", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HOOKGATE_RECEIVER_REPORT_MAX_AGE must be a duration like 200ms, 2s or 1m, got 'soon'");
    assertThatThrownBy(() -> OperatorSettings.fromEnv(Map.of("HOOKGATE_RECEIVER_REPORT_MAX_AGE", "-PT1S")))
        .hasMessageContaining("HOOKGATE_RECEIVER_REPORT_MAX_AGE must not be negative");
  }

  @Test
  void fromEnvironment() {
    OperatorSettings settings = OperatorSettings.fromEnv(Map.of(
        "HOOKGATE_RECEIVER_NAMESPACE", "webhooks",
        "HOOKGATE_RECEIVER_STATUS_URLS", "http://127.0.0.1:9090, http://127.0.0.1:9091",
        "HOOKGATE_PUBLIC_BASE_URL", "https://hooks.example.com",
        "HOOKGATE_INGRESS_CLASS", "nginx",
        "HOOKGATE_WATCH_NAMESPACES", "shop,billing",
        "HOOKGATE_SERVER_SIDE_APPLY", "false",
        "HOOKGATE_INGRESS_TLS_SECRET", " "));
    assertThat(settings.receiverNamespace()).isEqualTo("webhooks");
    assertThat(settings.receiverStatusUrls())
        .containsExactly(URI.create("http://127.0.0.1:9090"), URI.create("http://127.0.0.1:9091"));
    assertThat(settings.publicBaseUrl()).isEqualTo(URI.create("https://hooks.example.com"));
    assertThat(settings.ingressClass()).isEqualTo("nginx");
    assertThat(settings.ingressTlsSecret()).isNull();
    assertThat(settings.watchNamespaces()).containsExactlyInAnyOrder("shop", "billing");
    assertThat(settings.serverSideApply()).isFalse();
  }

  @Test
  void builderForTestsAndTheDemo() {
    OperatorSettings settings = OperatorSettings.builder()
        .serverSideApply(false)
        .receiverStatusUrls(List.of(URI.create("http://127.0.0.1:1")))
        .watchNamespaces(Set.of("demo"))
        .build();
    assertThat(settings.serverSideApply()).isFalse();
    assertThat(settings.toBuilder().publicBaseUrl("https://x.example").build().publicBaseUrl().getHost())
        .isEqualTo("x.example");
    assertThat(settings.receiverNamespace()).isEqualTo("hookgate-system");
  }

  @Test
  void aRelativePublicBaseUrlIsRefused() {
    assertThatThrownBy(() -> OperatorSettings.fromEnv(Map.of("HOOKGATE_PUBLIC_BASE_URL", "hooks.example.com")))
        .hasMessageContaining("HOOKGATE_PUBLIC_BASE_URL");
  }
}
