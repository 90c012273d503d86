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

        // Each component told the build how its resources' pods are read (Components/*/*Workloads.cs).
        var workloads = compiled.Contributions.Workloads.SelectMany(source => source.Read(source.Resource)).OrderBy(w => w.Component, StringComparer.Ordinal).ToList();
        var settings = compiled.Settings;
        var retention = RetentionEstimator.Estimate(workloads, objects, graph, settings, compiled.Contributions.EnvironmentFacts, options);
        return new FootprintReport(settings.Stack, settings.Role.ToString().ToLowerInvariant(), settings.Profile.ToString().ToLowerInvariant(),
            options, workloads, retention);
    }

    /// <summary>Every object of every ConfigGroup, with its component.</summary>
    internal static IEnumerable<(string Component, ObjectValue Object)> CustomResources(ResourceGraph graph) =>
        graph.Resources
            .Where(r => r.Type == ConfigGroupType)
            .SelectMany(r => ValueAccess.List(r.Properties, "objs").OfType<ObjectValue>().Select(o => (r.Component, o)));
}
