using Infra.Model;

namespace Infra.Tests.Support;

/// <summary>
/// Every volume claim in the rendered resources, with its size and class: Kubernetes claim specs
/// (StatefulSets, ECK, the Prometheus operator), Strimzi's persistent-claim storage, and Helm persistence blocks.
/// </summary>
public static class VolumeClaims
{
    public static IEnumerable<(string Where, string? Size, string? StorageClass)> All(ResourceGraph graph)
    {
        foreach (var resource in graph.Resources)
        {
            foreach (var node in resource.Properties.DescendantsAndSelf().OfType<ObjectValue>())
            {
                if (node["accessModes"] is not null && ValueAccess.At(node, "resources", "requests", "storage") is not null)
                {
                    var size = ValueAccess.Text(node, "resources", "requests", "storage");
                    yield return ($"{resource.Name}: a claim of {size}", size, ValueAccess.Text(node, "storageClassName"));
                }
                else if (ValueAccess.Text(node, "type") == "persistent-claim")
                {
                    var size = ValueAccess.Text(node, "size");
                    yield return ($"{resource.Name}: Strimzi storage of {size}", size, ValueAccess.Text(node, "class"));
                }
                else if (node["persistence"] is ObjectValue persistence && ValueAccess.Flag(persistence, false, "enabled"))
                {
                    var size = ValueAccess.Text(persistence, "size");
                    yield return ($"{resource.Name}: Helm persistence of {size}", size, ValueAccess.Text(persistence, "storageClassName"));
                }
            }
        }
    }
}
