using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The pods ECK makes of an Elasticsearch, Kibana or Logstash resource: <c>count</c> pods (default 1)
/// of the pod template's containers (the main one always listed) and the volume claim templates.
/// </summary>
internal static class EckWorkloads
{
    /// <summary>The workloads of the single ECK object in a ConfigGroup.</summary>
    public static IEnumerable<WorkloadFootprint> Read(Resource group, Func<string, ObjectValue, IEnumerable<WorkloadFootprint>> read) =>
        ValueAccess.List(group.Properties, "objs").OfType<ObjectValue>()
            .SelectMany(obj => read(ValueAccess.Text(obj, "metadata", "name") ?? "unnamed", obj));

    /// <summary>
    /// Tells the footprint how to read a ConfigGroup of one ECK object whose pods are <c>count</c> copies of
    /// its pod template (Kibana, Logstash), placement included.
    /// </summary>
    /// <param name="suffix">What ECK appends to the object's name for its workload (kb, ls).</param>
    /// <param name="disruptionBudget">Whether a PodDisruptionBudget covers the pods.</param>
    public static void Register(StackContext context, Resource group, string component, string suffix, string kind, string mainContainer, bool disruptionBudget) =>
        context.AddWorkloads(group, g => Read(g, (name, obj) =>
            [Workload(component, $"{name}-{suffix}", kind, mainContainer, ValueAccess.At(obj, "spec")) with
            {
                Spread = Placement.Read(ValueAccess.At(obj, "spec", "podTemplate", "spec"), disruptionBudget),
            }]));

    public static WorkloadFootprint Workload(string component, string name, string kind, string mainContainer, Value? spec)
    {
        var containers = ValueAccess.List(spec, "podTemplate", "spec", "containers")
            .Select(c => ContainerFootprint.FromResources(ValueAccess.Text(c, "name") ?? "unnamed", ValueAccess.At(c, "resources")))
            .ToList();
        if (containers.All(c => c.Name != mainContainer))
        {
            containers.Insert(0, ContainerFootprint.FromResources(mainContainer, null));
        }

        var volumes = ValueAccess.List(spec, "volumeClaimTemplates")
            .Select(v => new VolumeFootprint(ValueAccess.Text(v, "metadata", "name") ?? "data", ValueAccess.Quantity(v, "spec", "resources", "requests", "storage") ?? 0m))
            .ToList();
        return new(component, name, kind, ValueAccess.Count(spec, 1, "count"), containers, volumes);
    }
}
