using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Default-deny ingress and egress in every platform namespace of the stack, then exactly the connections
/// the components declared: one ingress NetworkPolicy per (namespace, policy name) of the edges, on the
/// destination, and one egress NetworkPolicy per (namespace, policy name) on the source, from the same
/// edges (a pod-to-pod edge gives both sides) and from the egresses (DNS, the API server, pods whose
/// ingress Strimzi owns, addresses outside the cluster, each with its reason). Nothing reaches the
/// instance metadata endpoint: no rule names it, and every address range excepts it (Elasticsearch's
/// snapshots use IRSA: a web identity token and STS, not the node's role). Pods on the host network
/// (node-exporter) are outside any NetworkPolicy.
/// </summary>
public static class NetworkPolicies
{
    public const string Component = Platform.ComponentName;

    public const string DenyEgressPolicy = "default-deny-egress";

    /// <summary>The EC2 instance metadata endpoint, IPv4 and IPv6 (Nitro).</summary>
    public static readonly IReadOnlyList<string> MetadataAddresses = ["169.254.169.254/32", "fd00:ec2::254/128"];

    /// <summary>The egress policy name of an edge's source side: allow-x becomes egress-x (the ingress side keeps allow-x).</summary>
    public static string EgressName(string policy) => "egress-" + (policy.StartsWith("allow-", StringComparison.Ordinal) ? policy["allow-".Length..] : policy);

    /// <summary>
    /// Every egress the stack allows: the components' egresses, DNS for every namespace, and the source side
    /// of every edge whose source is a pod of a platform namespace of this stack (an ingress controller's or
    /// the API server's side is not ours).
    /// </summary>
    public static IReadOnlyList<NetworkEgress> Egresses(StackContext context)
    {
        var namespaces = Namespaces.All.Where(n => n.Roles.Contains(context.Settings.Role)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var fromEdges = context.Edges
            .Where(e => e.From.Cidr is null && e.From.Namespace is { } ns && namespaces.Contains(ns))
            .Select(e => new NetworkEgress(e.From.Namespace!, EgressName(e.Policy), e.From.Labels, [new NetworkPeer(e.Namespace, e.To)], e.Ports,
                $"{e.Policy} in {e.Namespace}", e.Protocols));
        return [.. namespaces.Order(StringComparer.Ordinal).Select(NetworkEgress.Dns), .. context.Egresses, .. fromEdges];
    }

    public static void Declare(StackContext context)
    {
        foreach (var ns in Namespaces.All.Where(n => n.Roles.Contains(context.Settings.Role)))
        {
            Policy(context, ns.Name, "default-deny-ingress", ObjectValue.Empty, "Ingress", [], null);
            Policy(context, ns.Name, DenyEgressPolicy, ObjectValue.Empty, "Egress", [], null);
        }

        foreach (var policy in context.Edges.GroupBy(e => (e.Namespace, e.Policy)).OrderBy(g => g.Key.Namespace, StringComparer.Ordinal).ThenBy(g => g.Key.Policy, StringComparer.Ordinal))
        {
            var to = SameSelector(policy.Key, policy.Select(e => e.To));
            var rules = policy.GroupBy(e => (e.From, Protocols: string.Join(",", e.ProtocolList)))
                .OrderBy(g => g.Key.From.Key, StringComparer.Ordinal).ThenBy(g => g.Key.Protocols, StringComparer.Ordinal).Select(from =>
            {
                var peer = from.Key.From.ToPeer(policy.Key.Namespace);
                return ObjectValue.Of(
                    ("from", peer is null ? null : ListValue.Of(peer)),
                    ("ports", Ports(from.SelectMany(e => e.Ports), from.First().ProtocolList)));
            }).ToList();
            Policy(context, policy.Key.Namespace, policy.Key.Policy, Selector(to), "Ingress", rules, null);
        }

        foreach (var policy in Egresses(context).GroupBy(e => (e.Namespace, e.Policy)).OrderBy(g => g.Key.Namespace, StringComparer.Ordinal).ThenBy(g => g.Key.Policy, StringComparer.Ordinal))
        {
            var from = SameSelector(policy.Key, policy.Select(e => e.From));
            var rules = policy.GroupBy(e => string.Join(" ", e.To.Select(t => t.Key)) + "|" + string.Join(",", e.ProtocolList))
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(rule => ObjectValue.Of(
                    ("to", ListValue.Of(rule.First().To.Select(t => t.ToPeer(policy.Key.Namespace)).OfType<ObjectValue>())),
                    ("ports", Ports(rule.SelectMany(e => e.Ports), rule.First().ProtocolList))))
                .ToList();
            var reasons = string.Join("; ", policy.Select(e => e.Reason).Distinct(StringComparer.Ordinal));
            Policy(context, policy.Key.Namespace, policy.Key.Policy, Selector(from), "Egress", rules, reasons);
        }
    }

    private static IReadOnlyList<(string Key, string Value)> SameSelector((string Namespace, string Policy) key, IEnumerable<IReadOnlyList<(string Key, string Value)>> selectors)
    {
        var all = selectors.ToList();
        var distinct = all.Select(s => string.Join(",", s.Select(l => $"{l.Key}={l.Value}"))).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 1)
        {
            throw new InvalidOperationException($"NetworkPolicy {key.Namespace}/{key.Policy}: its connections select different pods ({string.Join("; ", distinct)}); give them their own policy names");
        }

        return all[0];
    }

    private static ObjectValue Selector(IReadOnlyList<(string Key, string Value)> labels) => labels.Count == 0 ? ObjectValue.Empty : NetworkPeer.MatchLabels(labels);

    /// <summary>Each port with each protocol; none: every port and protocol.</summary>
    private static ListValue? Ports(IEnumerable<int> ports, IReadOnlyList<string> protocols)
    {
        var list = ports.Distinct().Order().ToList();
        return list.Count == 0 ? null : ListValue.Of(protocols.SelectMany(protocol => list.Select(p => (Value)ObjectValue.Of(("protocol", protocol), ("port", p)))));
    }

    private static void Policy(StackContext context, string ns, string name, ObjectValue podSelector, string type, IReadOnlyList<ObjectValue> rules, string? reason)
    {
        var metadata = StackContext.Metadata(name, ns, "network-policy");
        if (reason is not null)
        {
            metadata = ChartValuesMerger.Merge(metadata, ObjectValue.Of(("annotations", ObjectValue.Of((NetworkEgress.ReasonAnnotation, reason)))));
        }

        context.Kubernetes(Component, $"{ns}-{name}", "kubernetes:networking.k8s.io/v1:NetworkPolicy", ObjectValue.Of(
            ("metadata", metadata),
            ("spec", ObjectValue.Of(
                ("podSelector", podSelector),
                ("policyTypes", ListValue.Of(type)),
                (type == "Ingress" ? "ingress" : "egress", ListValue.Of(rules.Cast<Value>()))))), false, context.Namespace(ns));
    }
}
