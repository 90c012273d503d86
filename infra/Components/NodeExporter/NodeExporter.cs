using Infra.Model;

namespace Infra.Components;

/// <summary>prometheus-node-exporter on every node, with its ServiceMonitor (job "node-exporter", as kube-prometheus' node rules expect).</summary>
public sealed class NodeExporter : IComponent
{
    public const string ComponentName = "NodeExporter";
    public const string ReleaseName = "node-exporter";

    /// <summary>The label holding the Kubernetes node name on node-exporter's series (as on kube-state-metrics' node series).</summary>
    public const string NodeLabel = "node";

    /// <summary>The chart's default port, on the node's address (host network).</summary>
    public const int Port = 9100;

    private readonly NodeExporterArgs _args;
    private readonly Resource _kubePrometheusChart;

    /// <param name="args">Its settings.</param>
    /// <param name="kubePrometheusChart">kube-prometheus-stack's chart: its CRDs hold the ServiceMonitor this chart renders.</param>
    public NodeExporter(NodeExporterArgs args, Resource kubePrometheusChart)
    {
        _args = args;
        _kubePrometheusChart = kubePrometheusChart;
    }

    public string Name => ComponentName;

    public void Build(StackContext context)
    {
        var release = context.Release(ComponentName, ReleaseName, Pins.PrometheusNodeExporter, Namespaces.NodeAgents);
        release.DependsOn(_kubePrometheusChart);
        release.Wire(ObjectValue.Of(
            ("fullnameOverride", ReleaseName),
            ("podLabels", ObjectValue.Of(("jobLabel", "node-exporter"))),
            ("prometheus", ObjectValue.Of(("monitor", ObjectValue.Of(
                ("enabled", true),
                ("jobLabel", "jobLabel"),
                // The node's name on every series (the target's pod runs on it), so machine facts join kube-state-metrics'
                // node series on (node): the Fluent Bit buffer filesystem check reads both.
                ("relabelings", ListValue.Of(ObjectValue.Of(
                    ("sourceLabels", ListValue.Strings(["__meta_kubernetes_pod_node_name"])),
                    ("targetLabel", NodeLabel),
                    ("action", "replace"))))))))));
        context.AddWorkloads(release.Resource, chart =>
            [new(ComponentName, ChartWorkloads.Release(chart), ChartWorkloads.DaemonSet, null, [ChartWorkloads.Container(ChartWorkloads.Release(chart), ChartWorkloads.Values(chart))], [])]);
        context.AddRules(ComponentName, "node", [NodeRules.Group(_args.Rules)]);
        foreach (var dashboard in NodeExporterDashboards.All)
        {
            context.AddDashboard(dashboard);
        }
    }
}
