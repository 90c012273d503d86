using static Infra.Components.Dashboard;

namespace Infra.Components;

/// <summary>KubePrometheus's dashboards, on the federated aggregates its recording rules produce (every environment, selected by environment).</summary>
internal static class KubePrometheusDashboards
{
    public static IReadOnlyList<Dashboard> All { get; } =
    [
        new("obs-workloads", "Kubernetes workloads", KubePrometheus.ComponentName, [
            new("CPU by namespace", $"namespace:container_cpu_usage_seconds:sum_rate{{{EnvironmentFilter}}}", "{{environment}} {{namespace}}", "short"),
            new("Memory by namespace", $"namespace:container_memory_working_set_bytes:sum{{{EnvironmentFilter}}}", "{{environment}} {{namespace}}", "bytes"),
            new("Container restarts (1h)", $"namespace:kube_pod_container_restarts:increase1h{{{EnvironmentFilter}}}", "{{environment}} {{namespace}}", "short"),
            new("Pods not ready", $"namespace:kube_pod_not_ready:count{{{EnvironmentFilter}}}", "{{environment}} {{namespace}}", "short"),
        ]),
        new("obs-federation", "Federation overview", KubePrometheus.ComponentName, [
            new("Environments federated (1 = up)", $"up{{job=~\"{Federation.JobPrefix}.+\"}}", "{{job}}", "short"),
            new("Federation scrape duration", $"scrape_duration_seconds{{job=~\"{Federation.JobPrefix}.+\"}}", "{{job}}", "s"),
            new("Federated samples per scrape", $"scrape_samples_scraped{{job=~\"{Federation.JobPrefix}.+\"}}", "{{job}}", "short"),
            new("Firing alerts by environment", $"count by (environment, severity) (ALERTS{{alertstate=\"firing\",{EnvironmentFilter}}})", "{{environment}} {{severity}}", "short"),
            new("Active series by environment", $"job:prometheus_tsdb_head_series:max{{{EnvironmentFilter}}}", "{{environment}}", "short"),
        ]),
        // cert-manager's certificates of one cluster (the federation endpoint's, the Kafka listener's), picked by datasource.
        new("obs-cert-manager", "Certificates: cert-manager (per environment)", KubePrometheus.ComponentName, [
            new("Days until expiry", $"(min by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds{{job=\"{CertManagerMonitor.Job}\"}}) - time()) / 86400", "{{namespace}}/{{name}}", "d"),
            new("Certificates not ready", $"sum by (namespace, name) (certmanager_certificate_ready_status{{job=\"{CertManagerMonitor.Job}\",condition!=\"True\"}})", "{{namespace}}/{{name}}", "short"),
            new("Days until renewal", $"(min by (namespace, name) (certmanager_certificate_renewal_timestamp_seconds{{job=\"{CertManagerMonitor.Job}\"}}) - time()) / 86400", "{{namespace}}/{{name}}", "d"),
            new("Controller sync errors", $"sum by (controller) (rate(certmanager_controller_sync_error_count{{job=\"{CertManagerMonitor.Job}\"}}[{RateInterval}]))", "{{controller}}", "ops"),
        ], DashboardSource.PerEnvironment),
    ];
}
