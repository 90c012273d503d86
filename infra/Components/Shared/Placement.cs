using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Where replicas go so the loss of a node or a zone leaves the others running: required on different
/// nodes (a replica per node matters: a quorum, a Prometheus pair), spread over zones where the cluster
/// has several (preferred, so a lost zone does not leave pods Pending), and a PodDisruptionBudget.
/// Applied only to workloads with more than one replica.
/// </summary>
public static class Placement
{
    public const string HostKey = "kubernetes.io/hostname";
    public const string ZoneKey = "topology.kubernetes.io/zone";

    /// <summary>Required anti-affinity on the node: no two pods with these labels share a node.</summary>
    public static ObjectValue OnePerNode(ObjectValue matchLabels) => ObjectValue.Of(("podAntiAffinity", ObjectValue.Of(
        ("requiredDuringSchedulingIgnoredDuringExecution", ListValue.Of(ObjectValue.Of(
            ("labelSelector", ObjectValue.Of(("matchLabels", matchLabels))),
            ("topologyKey", HostKey)))))));

    /// <summary>
    /// An even spread over zones, preferred: a pod whose zone is gone (or whose volume pins it to a zone)
    /// still schedules.
    /// </summary>
    public static ListValue AcrossZones(ObjectValue matchLabels) => ListValue.Of(ObjectValue.Of(
        ("maxSkew", 1),
        ("topologyKey", ZoneKey),
        ("whenUnsatisfiable", "ScheduleAnyway"),
        ("labelSelector", ObjectValue.Of(("matchLabels", matchLabels)))));

    /// <summary>
    /// An even spread over zones, required (DoNotSchedule), for quorums (KRaft controllers, Elasticsearch
    /// master-eligible nodes) and for what the capacity model assumes balanced over zones (Elasticsearch data nodes,
    /// Logstash pods, docs/sizing.md): a first placement must never put a majority in one zone, which the preferred
    /// spread allows when a zone is briefly short of room. A member whose zone is gone stays Pending, which a
    /// quorum tolerates (its majority is in the other zones); a restarted member goes back to its own zone,
    /// which lowers that zone's count, so its volume's zone never blocks it.
    /// </summary>
    public static ListValue AcrossZonesRequired(ObjectValue matchLabels) => ListValue.Of(ObjectValue.Of(
        ("maxSkew", 1),
        ("topologyKey", ZoneKey),
        ("whenUnsatisfiable", "DoNotSchedule"),
        ("labelSelector", ObjectValue.Of(("matchLabels", matchLabels)))));

    /// <summary>A PodDisruptionBudget letting a drain take one pod at a time.</summary>
    public static Resource DisruptionBudget(StackContext context, string component, string logicalName, string name, string @namespace, string part, ObjectValue matchLabels) =>
        context.Kubernetes(component, logicalName, "kubernetes:policy/v1:PodDisruptionBudget", ObjectValue.Of(
            ("metadata", StackContext.Metadata(name, @namespace, part)),
            ("spec", ObjectValue.Of(
                ("maxUnavailable", 1),
                ("selector", ObjectValue.Of(("matchLabels", matchLabels)))))), false, context.Namespace(@namespace));

    /// <summary>Reads the placement of a pod spec (affinity and topology spread as written above).</summary>
    public static WorkloadSpread Read(Value? podSpec, bool disruptionBudget) => new(
        ValueAccess.List(podSpec, "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution")
            .Any(term => ValueAccess.Text(term, "topologyKey") == HostKey),
        ValueAccess.List(podSpec, "topologySpreadConstraints").Any(c => ValueAccess.Text(c, "topologyKey") == ZoneKey),
        disruptionBudget);

    /// <summary>Whether the graph has a PodDisruptionBudget in the namespace whose selector is within these pod labels.</summary>
    public static bool HasDisruptionBudget(ResourceGraph graph, string? @namespace, Value? podLabels) =>
        graph.Resources.Where(r => r.Type == "kubernetes:policy/v1:PodDisruptionBudget" && ValueAccess.Text(r.Properties, "metadata", "namespace") == @namespace)
            .Select(r => ValueAccess.Object(r.Properties, "spec", "selector", "matchLabels"))
            .Any(selector => selector is not null && selector.Entries.Count > 0
                && selector.Entries.All(e => podLabels is ObjectValue labels && Equals(labels[e.Key], e.Value)));
}
