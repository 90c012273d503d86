namespace Infra.Model;

/// <summary>Deployments, StatefulSets and DaemonSets the program declares itself (as resources or ConfigGroup objects).</summary>
internal static class NativeWorkloads
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { "Deployment", "StatefulSet", "DaemonSet" };

    /// <summary>The kind of a <c>kubernetes:apps/v1:Kind</c> resource type, or null for other types.</summary>
    public static string? KindOf(string type) =>
        type.StartsWith("kubernetes:apps/v1:", StringComparison.Ordinal) && Kinds.Contains(type["kubernetes:apps/v1:".Length..])
            ? type["kubernetes:apps/v1:".Length..]
            : null;

    /// <param name="manifest">The object: metadata and spec (a resource's properties have the same shape).</param>
    public static WorkloadFootprint Read(string component, string kind, Value manifest)
    {
        var name = ValueAccess.Text(manifest, "metadata", "name") ?? "unnamed";
        var spec = ValueAccess.At(manifest, "spec");
        var containers = ValueAccess.List(spec, "template", "spec", "containers")
            .Select(c => ContainerFootprint.FromResources(ValueAccess.Text(c, "name") ?? "unnamed", ValueAccess.At(c, "resources")))
            .ToList();
        var volumes = kind == "StatefulSet"
            ? ValueAccess.List(spec, "volumeClaimTemplates")
                .Select(v => new VolumeFootprint(ValueAccess.Text(v, "metadata", "name") ?? "data", ValueAccess.Quantity(v, "spec", "resources", "requests", "storage") ?? 0m))
                .ToList()
            : [];

        // Kubernetes defaults spec.replicas to 1.
        int? replicas = kind == "DaemonSet" ? null : ValueAccess.Count(spec, 1, "replicas");
        return new WorkloadFootprint(component, name, kind, replicas, containers, volumes);
    }
}
