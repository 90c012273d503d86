using Infra.Model;

namespace Infra.Components;

/// <summary>The Grafana chart's pod (with its sidecars) and volume, from its values.</summary>
internal static class GrafanaWorkloads
{
    public static IEnumerable<WorkloadFootprint> Read(Resource chart) =>
        [Read(chart.Component, ChartWorkloads.Release(chart), ChartWorkloads.Values(chart))];

    public static WorkloadFootprint Read(string component, string release, ObjectValue values)
    {
        var containers = new List<ContainerFootprint> { ChartWorkloads.Container("grafana", values) };
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

        return new(component, release, ChartWorkloads.Deployment, ValueAccess.Count(values, ChartDefaults.GrafanaReplicas, "replicas"), containers, volumes);
    }
}
