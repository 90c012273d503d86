namespace Infra.Tests.Metrics;

/// <summary>
/// The one list of metric names that the conformance check accepts although no catalog of
/// ../shared/anchors/metrics confirms them: each with why it exists (or why reading it is harmless) and the
/// upstream source that says so. An entry that no checked expression needs any more fails the test, so the
/// list cannot keep names nobody reads.
/// </summary>
public static class MetricNameExceptions
{
    private const string KafkaReporterNaming = "the Strimzi Metrics Reporter names a Yammer meter lower(<group>_<type>_<name>)_total (naming rule in the header of ../shared/anchors/metrics/strimzi-1.2.0-kafka-dashboard-names.txt, a partial catalog)";

    private const string ApiServer = "a kube-apiserver metric: no catalog covers the API server (the catalogs' README leaves it out of scope); read by the chart's kubernetes-system-apiserver alerts, which EKS serves (the API server's /metrics is scraped by the chart's apiserver ServiceMonitor)";

    public static IReadOnlyList<MetricNameException> All { get; } =
    [
        new("kafka_server_replicamanager_isrshrinkspersec_total",
            $"kafka.server:type=ReplicaManager,name=IsrShrinksPerSec is a Yammer meter of every broker; {KafkaReporterNaming}; our allowList keeps kafka_server.*",
            "github.com/apache/kafka core/src/test/scala/unit/kafka/server/BrokerMetricNamesTest.scala (expects ReplicaManager IsrShrinksPerSec); core/src/main/scala/kafka/server/ReplicaManager.scala newMeter(\"IsrShrinksPerSec\")"),
        new("kafka_server_replicamanager_isrexpandspersec_total",
            $"kafka.server:type=ReplicaManager,name=IsrExpandsPerSec is a Yammer meter of every broker; {KafkaReporterNaming}; our allowList keeps kafka_server.*",
            "github.com/apache/kafka core/src/test/scala/unit/kafka/server/BrokerMetricNamesTest.scala (expects ReplicaManager IsrExpandsPerSec); core/src/main/scala/kafka/server/ReplicaManager.scala newMeter(\"IsrExpandsPerSec\")"),
        new("apiserver_client_certificate_expiration_seconds_bucket", ApiServer,
            "github.com/kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/authentication/request/x509/x509.go (histogram apiserver_client_certificate_expiration_seconds)"),
        new("apiserver_client_certificate_expiration_seconds_count", ApiServer,
            "github.com/kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/authentication/request/x509/x509.go (histogram apiserver_client_certificate_expiration_seconds)"),
        new("aggregator_unavailable_apiservice", ApiServer,
            "github.com/kubernetes/kubernetes staging/src/k8s.io/kube-aggregator/pkg/controllers/status/metrics/metrics.go (gauge aggregator_unavailable_apiservice)"),
        new("aggregator_unavailable_apiservice_total", ApiServer,
            "github.com/kubernetes/kubernetes staging/src/k8s.io/kube-aggregator/pkg/controllers/status/metrics/metrics.go (counter aggregator_unavailable_apiservice_total)"),
        new("apiserver_request_total", ApiServer,
            "github.com/kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/metrics/metrics.go (apiserver_request_total)"),
        new("apiserver_request_terminations_total", ApiServer,
            "github.com/kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/metrics/metrics.go (Subsystem apiserver, request_terminations_total)"),
        new("kubernetes_build_info",
            "every Kubernetes component's version metric (component-base), read by the chart's KubeVersionMismatch across the API server and kubelets; no catalog covers the API server",
            "github.com/kubernetes/kubernetes staging/src/k8s.io/component-base/metrics/prometheus/version/metrics.go (kubernetes_build_info)"),
        new("rest_client_requests_total",
            "client-go's request counter that every Kubernetes component (kubelet, API server) exports; read by the chart's KubeClientErrors; the kubelet catalog lists stability-framework metrics only (no client-go ones)",
            "github.com/kubernetes/kubernetes staging/src/k8s.io/component-base/metrics/prometheus/restclient/metrics.go (rest_client_requests_total)"),
        new("log_metric_counter_kafka_delivery_failed",
            "the counter Fluent Bit's log_to_metrics filter makes of out_kafka's delivery-failure lines (FluentBit.DeliveryFailedMetric): metric_namespace log_metric, metric_subsystem counter, metric_name kafka_delivery_failed, served by the prometheus_exporter output on port 2021; the fluent-bit catalog leaves out metrics that plugins generate as pipeline data (its header names filter_log_to_metrics)",
            "github.com/fluent/fluent-bit tag v5.1.1 plugins/filter_log_to_metrics/log_to_metrics.c (cmt_counter_create(ctx->cmt, metric_namespace, metric_subsystem, metric_name, ...)), plugins/out_prometheus_exporter/prom.c"),
        new("prometheus_remote_storage_failed_samples_total",
            "the pre-2.x half of the chart's PrometheusRemoteStorageFailures `old or new`: the same expression reads prometheus_remote_storage_samples_failed_total, which Prometheus 3.14 emits (in the catalog), so the alert works; it only has series with remote write",
            "github.com/prometheus-community/helm-charts tag kube-prometheus-stack-88.5.3 charts/kube-prometheus-stack/templates/prometheus/rules-1.14/prometheus.yaml (PrometheusRemoteStorageFailures); ../shared/anchors/metrics/README.md (\"the legacy half of those expressions\")"),
        new("prometheus_remote_storage_succeeded_samples_total",
            "the pre-2.x half of the chart's PrometheusRemoteStorageFailures `old or new`: the same expression reads prometheus_remote_storage_samples_total, which Prometheus 3.14 emits (in the catalog), so the alert works; it only has series with remote write",
            "github.com/prometheus-community/helm-charts tag kube-prometheus-stack-88.5.3 charts/kube-prometheus-stack/templates/prometheus/rules-1.14/prometheus.yaml (PrometheusRemoteStorageFailures); ../shared/anchors/metrics/README.md (\"the legacy half of those expressions\")"),
    ];
}
