using Infra.Components;
using Infra.Model;

namespace Infra.Footprint;

/// <summary>
/// Workloads of a Helm release, read from its merged values (values files + program wiring) with
/// per-chart knowledge of where the chart keeps replicas, resources and volumes. A chart it does
/// not know is read by the common convention (top-level replicas / replicaCount and resources).
/// </summary>
internal static class ChartWorkloads
{
    private const string Deployment = "Deployment";
    private const string StatefulSet = "StatefulSet";
    private const string DaemonSet = "DaemonSet";

    public static IEnumerable<WorkloadFootprint> Read(Resource chart)
    {
        var values = chart.Properties["values"] as ObjectValue ?? ObjectValue.Empty;
        var release = ValueAccess.Text(chart.Properties, "name") ?? chart.Name;
        var component = chart.Component;
        return ChartName(chart) switch
        {
            "kube-prometheus-stack" => KubePrometheusStack(component, values),
            "prometheus-node-exporter" => [new(component, release, DaemonSet, null, [Container(release, values)], [])],
            "fluent-bit" => [FluentBit(component, release, values)],
            "strimzi-kafka-operator" => [new(component, $"{release}-cluster-operator", Deployment,
                ValueAccess.Count(values, ChartDefaults.StrimziReplicas, "replicas"),
                [ContainerFootprint.FromResources("strimzi-cluster-operator", ValueAccess.Overlay(ChartDefaults.StrimziResources, values["resources"]))], [])],
            "eck-operator" => [new(component, release, StatefulSet,
                ValueAccess.Count(values, ChartDefaults.EckOperatorReplicas, "replicaCount"),
                [ContainerFootprint.FromResources("manager", ValueAccess.Overlay(ChartDefaults.EckOperatorResources, values["resources"]))], [])],
            "grafana" => [Grafana(component, release, values)],
            "prometheus-elasticsearch-exporter" => [new(component, release, Deployment,
                ValueAccess.Count(values, ChartDefaults.ReplicaCount, "replicaCount"), [Container("exporter", values)], [])],
            _ => [new(component, release, Deployment,
                ValueAccess.Count(values, ValueAccess.Count(values, 1, "replicaCount"), "replicas"), [Container(release, values)], [])],
        };
    }

    /// <summary>The chart's name: the pinned chart whose reference this is, else the reference's last segment.</summary>
    private static string ChartName(Resource chart)
    {
        var reference = ValueAccess.Text(chart.Properties, "chart") ?? string.Empty;
        return Pins.Charts.FirstOrDefault(p => p.Chart == reference)?.Name ?? reference[(reference.LastIndexOf('/') + 1)..];
    }

    private static ContainerFootprint Container(string name, Value? values) => ContainerFootprint.FromResources(name, ValueAccess.At(values, "resources"));

    private static IEnumerable<WorkloadFootprint> KubePrometheusStack(string component, ObjectValue values)
    {
        // The config reloader runs as a sidecar in every Prometheus and Alertmanager pod.
        var reloader = ContainerFootprint.FromResources("config-reloader", ValueAccess.At(values, "prometheusOperator", "prometheusConfigReloader", "resources"));
        if (ValueAccess.Flag(values, ChartDefaults.KubePrometheusPartEnabled, "prometheusOperator", "enabled"))
        {
            yield return new(component, "prometheus-operator", Deployment, ChartDefaults.PrometheusOperatorReplicas,
                [ContainerFootprint.FromResources("prometheus-operator", ValueAccess.At(values, "prometheusOperator", "resources"))], []);
        }

        if (ValueAccess.Flag(values, ChartDefaults.KubePrometheusPartEnabled, "prometheus", "enabled"))
        {
            var spec = ValueAccess.At(values, "prometheus", "prometheusSpec");
            var pods = ValueAccess.Count(spec, ChartDefaults.KubePrometheusSpecReplicas, "replicas") * ValueAccess.Count(spec, ChartDefaults.PrometheusShards, "shards");
            yield return new(component, "prometheus", StatefulSet, pods,
                [ContainerFootprint.FromResources("prometheus", ValueAccess.At(spec, "resources")), reloader],
                ClaimTemplate("prometheus-db", ValueAccess.At(spec, "storageSpec")));
        }

        if (ValueAccess.Flag(values, ChartDefaults.KubePrometheusPartEnabled, "alertmanager", "enabled"))
        {
            // Alertmanager is its own component (it wires itself into this release).
            var spec = ValueAccess.At(values, "alertmanager", "alertmanagerSpec");
            yield return new(Alertmanager.ComponentName, "alertmanager", StatefulSet, ValueAccess.Count(spec, ChartDefaults.KubePrometheusSpecReplicas, "replicas"),
                [ContainerFootprint.FromResources("alertmanager", ValueAccess.At(spec, "resources")), reloader],
                ClaimTemplate("alertmanager-db", ValueAccess.At(spec, "storage")));
        }

        if (ValueAccess.Flag(values, ChartDefaults.KubePrometheusPartEnabled, "kubeStateMetrics", "enabled"))
        {
            var ksm = ValueAccess.At(values, "kube-state-metrics");
            yield return new(component, "kube-state-metrics", Deployment, ValueAccess.Count(ksm, ChartDefaults.KubeStateMetricsReplicas, "replicas"),
                [Container("kube-state-metrics", ksm)], []);
        }

        if (ValueAccess.Flag(values, ChartDefaults.KubePrometheusSubchartEnabled, "nodeExporter", "enabled"))
        {
            yield return new(component, "prometheus-node-exporter", DaemonSet, null,
                [Container("node-exporter", ValueAccess.At(values, "prometheus-node-exporter"))], []);
        }

        if (ValueAccess.Flag(values, ChartDefaults.KubePrometheusSubchartEnabled, "grafana", "enabled"))
        {
            yield return Grafana(component, "grafana", ValueAccess.Object(values, "grafana") ?? ObjectValue.Empty);
        }
    }

    private static WorkloadFootprint FluentBit(string component, string release, ObjectValue values)
    {
        var kind = ValueAccess.Text(values, "kind") ?? ChartDefaults.FluentBitKind;
        int? replicas = kind == DaemonSet ? null : ValueAccess.Count(values, ChartDefaults.ReplicaCount, "replicaCount");
        return new(component, release, kind, replicas, [Container(release, values)], []);
    }

    private static WorkloadFootprint Grafana(string component, string release, ObjectValue values)
    {
        var containers = new List<ContainerFootprint> { Container("grafana", values) };
        var sidecarResources = ValueAccess.At(values, "sidecar", "resources");
        foreach (var (key, name) in new[] { ("dashboards", "grafana-sc-dashboard"), ("datasources", "grafana-sc-datasources") })
        {
            if (ValueAccess.Flag(values, false, "sidecar", key, "enabled"))
            {
                containers.Add(ContainerFootprint.FromResources(name, sidecarResources));
            }
        }

        var volumes = new List<VolumeFootprint>();
        if (ValueAccess.Flag(values, false, "persistence", "enabled") && (ValueAccess.Text(values, "persistence", "type") ?? "pvc") is "pvc" or "statefulset")
        {
            var size = ValueAccess.Quantity(values, "persistence", "size") ?? KubeQuantity.Parse(ChartDefaults.GrafanaPersistenceSize);
            volumes.Add(new VolumeFootprint("storage", size));
        }

        return new(component, release, Deployment, ValueAccess.Count(values, ChartDefaults.GrafanaReplicas, "replicas"), containers, volumes);
    }

    /// <summary>A prometheus-operator storage spec: a volume claim template, or none (emptyDir).</summary>
    private static IReadOnlyList<VolumeFootprint> ClaimTemplate(string name, Value? storage) =>
        ValueAccess.Quantity(storage, "volumeClaimTemplate", "spec", "resources", "requests", "storage") is { } bytes
            ? [new VolumeFootprint(name, bytes)]
            : [];
}
