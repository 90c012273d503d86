using Infra.Model;

namespace Infra.Components;

/// <summary>prometheus-node-exporter on every node, with its ServiceMonitor (job "node-exporter", as kube-prometheus' node rules expect).</summary>
public sealed class NodeExporter
{
    public const string ComponentName = "NodeExporter";
    public const string ReleaseName = "node-exporter";

    public NodeExporter(StackContext context, KubePrometheus kubePrometheus)
    {
        var ns = context.Namespace(Namespaces.Monitoring, ComponentName, "privileged", holdsData: true);
        var release = new HelmRelease(ComponentName, ReleaseName, Pins.PrometheusNodeExporter, ns, Namespaces.Monitoring);
        release.DependsOn.Add(kubePrometheus.Chart);
        release.Wire(ObjectValue.Of(
            ("fullnameOverride", ReleaseName),
            ("podLabels", ObjectValue.Of(("jobLabel", "node-exporter"))),
            ("prometheus", ObjectValue.Of(("monitor", ObjectValue.Of(
                ("enabled", true),
                ("jobLabel", "jobLabel")))))));
        Chart = release.Build(context);
        context.AddRules(ComponentName, "node", [Rules.NodeRules.Group(new Rules.RuleContext(context.Settings))], kubePrometheus.Chart);
    }

    public Resource Chart { get; }
}
