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

        var workloads = compiled.ReadWorkloads();
        var settings = compiled.Settings;
        // Pods that a required anti-affinity keeps one per node need at least as many nodes, and every DaemonSet runs on each.
        var least = LeastNodes(workloads);
        options = least > options.Nodes ? options with { Nodes = least } : options;
        var retention = RetentionEstimator.Estimate(workloads, objects, graph, settings, compiled.Contributions.EnvironmentFacts, options);
        return new FootprintReport(settings.Stack, settings.Role.ToString().ToLowerInvariant(), settings.Profile.ToString().ToLowerInvariant(),
            options, workloads, retention);
    }

    /// <summary>
    /// The fewest Kubernetes nodes the workloads schedule on: the most replicas of any workload whose pods a required
    /// anti-affinity on the hostname keeps apart (two such workloads may share nodes, so the largest one counts).
    /// </summary>
    public static int LeastNodes(IEnumerable<WorkloadFootprint> workloads) =>
        workloads.Where(w => w.Spread?.OnePerNode == true && w.Replicas is not null).Select(w => w.Replicas!.Value).DefaultIfEmpty(0).Max();

    /// <summary>Every object of every ConfigGroup, with its component.</summary>
    internal static IEnumerable<(string Component, ObjectValue Object)> CustomResources(ResourceGraph graph) =>
        graph.Resources
            .Where(r => r.Type == ConfigGroupType)
            .SelectMany(r => ValueAccess.List(r.Properties, "objs").OfType<ObjectValue>().Select(o => (r.Component, o)));
}
