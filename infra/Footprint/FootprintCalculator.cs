using Infra.Model;

namespace Infra.Footprint;

/// <summary>
/// Computes a stack's footprint from its compiled resource graph, the same model the Pulumi program
/// is emitted from, so the numbers cannot drift from what is deployed.
/// </summary>
public static class FootprintCalculator
{
    public const string ChartType = "kubernetes:helm.sh/v4:Chart";
    public const string ConfigGroupType = "kubernetes:yaml/v2:ConfigGroup";

    public static FootprintReport Compute(CompiledStack compiled, FootprintOptions options)
    {
        var graph = compiled.Graph;
        var objects = CustomResources(graph).ToList();
        var kafkaClusters = objects
            .Where(o => CustomResourceWorkloads.Group(o.Object) == "kafka.strimzi.io" && ValueAccess.Text(o.Object, "kind") == "Kafka")
            .GroupBy(o => ValueAccess.Text(o.Object, "metadata", "name") ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Object, StringComparer.Ordinal);

        var workloads = new List<WorkloadFootprint>();
        foreach (var resource in graph.Resources)
        {
            if (resource.Type == ChartType)
            {
                workloads.AddRange(ChartWorkloads.Read(resource));
            }
            else if (NativeWorkloads.KindOf(resource.Type) is { } kind)
            {
                workloads.Add(NativeWorkloads.Read(resource.Component, kind, resource.Properties));
            }
            else if (resource.Type == ConfigGroupType)
            {
                foreach (var obj in ValueAccess.List(resource.Properties, "objs").OfType<ObjectValue>())
                {
                    workloads.AddRange(CustomResourceWorkloads.Read(resource.Component, obj, kafkaClusters));
                }
            }
        }

        var settings = compiled.Settings;
        var retention = RetentionEstimator.Estimate(workloads, objects, graph, settings, options);
        return new FootprintReport(settings.Stack, settings.Role.ToString().ToLowerInvariant(), settings.Profile.ToString().ToLowerInvariant(),
            options, workloads, retention);
    }

    /// <summary>Every object of every ConfigGroup, with its component.</summary>
    internal static IEnumerable<(string Component, ObjectValue Object)> CustomResources(ResourceGraph graph) =>
        graph.Resources
            .Where(r => r.Type == ConfigGroupType)
            .SelectMany(r => ValueAccess.List(r.Properties, "objs").OfType<ObjectValue>().Select(o => (r.Component, o)));
}
