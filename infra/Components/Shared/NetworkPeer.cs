using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Where a connection comes from: pods with labels in a namespace, every pod of a namespace (no
/// labels), an address range (<see cref="Addresses"/>: a load balancer that connects from its own
/// addresses), or anywhere (<see cref="Anywhere"/>: load balancers and the API server, whose addresses are
/// not known in advance).
/// </summary>
public sealed record NetworkPeer(string? Namespace, IReadOnlyList<(string Key, string Value)> Labels, string? Cidr = null)
{
    /// <summary>Any source: the rule has no <c>from</c>.</summary>
    public static NetworkPeer Anywhere { get; } = new(null, []);

    /// <summary>Prometheus of the stack (it scrapes every metrics port).</summary>
    public static NetworkPeer Prometheus { get; } = Pods(Namespaces.Monitoring, ("app.kubernetes.io/name", "prometheus"));

    public static NetworkPeer Pods(string @namespace, params (string Key, string Value)[] labels) => new(@namespace, labels);

    /// <summary>Connections from an address range (an <c>ipBlock</c>).</summary>
    public static NetworkPeer Addresses(string cidr) => new(null, [], cidr);

    /// <summary>Peers are compared by value (labels in order), so edges from the same peer share one rule.</summary>
    public string Key => Cidr is not null ? $"ip:{Cidr}" : Namespace is null ? "*" : $"{Namespace}/{string.Join(",", Labels.Select(l => $"{l.Key}={l.Value}"))}";

    /// <summary>The NetworkPolicy peer; a peer in the policy's own namespace selects pods there only.</summary>
    public ObjectValue? ToPeer(string policyNamespace)
    {
        if (Cidr is not null)
        {
            return ObjectValue.Of(("ipBlock", ObjectValue.Of(("cidr", Cidr))));
        }

        if (Namespace is null)
        {
            return null;
        }

        var pods = Labels.Count == 0 ? ObjectValue.Empty : MatchLabels(Labels);
        return Namespace == policyNamespace
            ? ObjectValue.Of(("podSelector", pods))
            : ObjectValue.Of(
                ("namespaceSelector", MatchLabels([("kubernetes.io/metadata.name", Namespace)])),
                ("podSelector", pods));
    }

    public static ObjectValue MatchLabels(IEnumerable<(string Key, string Value)> labels) =>
        ObjectValue.Of(("matchLabels", new ObjectValue(labels.Select(l => new KeyValuePair<string, Value>(l.Key, new StringValue(l.Value))).ToList())));

    public bool Equals(NetworkPeer? other) => other is not null && Key == other.Key;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
}
