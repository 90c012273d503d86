namespace Infra.Model;

/// <summary>
/// Reading a Helm release's workloads from its merged values (values files + program wiring): the
/// pieces every chart's reader uses. Each component's own reader (its *Workloads.cs) knows where its
/// chart keeps replicas, resources and volumes.
/// </summary>
internal static class ChartWorkloads
{
    public const string Deployment = "Deployment";
    public const string StatefulSet = "StatefulSet";
    public const string DaemonSet = "DaemonSet";

    /// <summary>The merged values of a chart resource.</summary>
    public static ObjectValue Values(Resource chart) => chart.Properties["values"] as ObjectValue ?? ObjectValue.Empty;

    /// <summary>The release name of a chart resource.</summary>
    public static string Release(Resource chart) => ValueAccess.Text(chart.Properties, "name") ?? chart.Name;

    /// <summary>A container from the <c>resources</c> block under <paramref name="values"/>.</summary>
    public static ContainerFootprint Container(string name, Value? values) => ContainerFootprint.FromResources(name, ValueAccess.At(values, "resources"));

    /// <summary>The common convention: one Deployment, <c>replicas</c> or <c>replicaCount</c> (1), top-level <c>resources</c>.</summary>
    public static IEnumerable<WorkloadFootprint> Conventional(Resource chart)
    {
        var values = Values(chart);
        var release = Release(chart);
        return [new(chart.Component, release, Deployment,
            ValueAccess.Count(values, ValueAccess.Count(values, 1, "replicaCount"), "replicas"), [Container(release, values)], [])];
    }

    /// <summary>A prometheus-operator storage spec: a volume claim template, or none (emptyDir).</summary>
    public static IReadOnlyList<VolumeFootprint> ClaimTemplate(string name, Value? storage) =>
        ValueAccess.Quantity(storage, "volumeClaimTemplate", "spec", "resources", "requests", "storage") is { } bytes
            ? [new VolumeFootprint(name, bytes)]
            : [];
}
