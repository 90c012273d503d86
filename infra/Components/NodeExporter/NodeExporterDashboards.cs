using static Infra.Components.Dashboard;

namespace Infra.Components;

/// <summary>NodeExporter's dashboards, on the federated aggregates its recording rules produce (every environment, selected by environment).</summary>
internal static class NodeExporterDashboards
{
    public static IReadOnlyList<Dashboard> All { get; } =
    [
        new("obs-nodes", "Nodes", NodeExporter.ComponentName, [
            new("CPU busy", $"instance:node_cpu_utilisation:ratio{{{EnvironmentFilter}}}", "{{environment}} {{instance}}", "percentunit"),
            new("Memory used", $"instance:node_memory_utilisation:ratio{{{EnvironmentFilter}}}", "{{environment}} {{instance}}", "percentunit"),
            new("Fullest filesystem", $"instance:node_filesystem_usage:max_ratio{{{EnvironmentFilter}}}", "{{environment}} {{instance}}", "percentunit"),
            new("Network traffic", $"instance:node_network_bytes:rate5m{{{EnvironmentFilter}}}", "{{environment}} {{instance}}", "Bps"),
        ]),
    ];
}
