using Infra.Footprint;
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
