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
    ];
}
