using System.Net;
using Infra.Model;

namespace Infra.Tests.Policies;

/// <summary>
/// The NetworkPolicies of a compiled stack, read with Kubernetes' semantics (kubernetes.io/docs/concepts/
/// services-networking/network-policies): a pod is isolated for a direction when a policy of its namespace
/// with that type selects it, and a connection is then allowed when a rule of one of those policies admits
/// the peer and the port. Pods are given by their namespace and the labels the program knows they carry.
/// </summary>
public sealed class RenderedNetworkPolicies(IReadOnlyList<ObjectValue> policies)
{
    public const string PolicyType = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

    public static RenderedNetworkPolicies Of(ResourceGraph graph) =>
        new([.. graph.Resources.Where(r => r.Type == PolicyType).Select(r => r.Properties)]);

    public IReadOnlyList<ObjectValue> Policies => policies;

    /// <summary>Whether a pod may open a connection to a pod (egress of the source).</summary>
    public bool EgressAllows(string ns, IReadOnlyDictionary<string, string> labels, string toNs, IReadOnlyDictionary<string, string> toLabels, string protocol, int port) =>
        Allows(ns, labels, "Egress", "egress", "to", peer => PeerMatchesPod(peer, ns, toNs, toLabels), protocol, port);

    /// <summary>Whether a pod may open a connection to an address outside the cluster's pods.</summary>
    public bool EgressAllows(string ns, IReadOnlyDictionary<string, string> labels, IPAddress address, string protocol, int port) =>
        Allows(ns, labels, "Egress", "egress", "to", peer => PeerMatchesAddress(peer, address), protocol, port);

    /// <summary>Whether a pod accepts a connection from a pod (ingress of the destination).</summary>
    public bool IngressAllows(string ns, IReadOnlyDictionary<string, string> labels, string fromNs, IReadOnlyDictionary<string, string> fromLabels, int port, string protocol = "TCP") =>
        Allows(ns, labels, "Ingress", "ingress", "from", peer => PeerMatchesPod(peer, ns, fromNs, fromLabels), protocol, port);

    /// <summary>Whether a pod accepts a connection from an address (a load balancer, the API server).</summary>
    public bool IngressAllows(string ns, IReadOnlyDictionary<string, string> labels, IPAddress address, int port) =>
        Allows(ns, labels, "Ingress", "ingress", "from", peer => PeerMatchesAddress(peer, address), "TCP", port);

    /// <summary>The policies of the namespace with that type that select the pod.</summary>
    public IEnumerable<ObjectValue> Selecting(string ns, IReadOnlyDictionary<string, string> labels, string type) =>
        policies.Where(p => p.At("metadata.namespace") == new StringValue(ns)
            && (p.At("spec.policyTypes") as ListValue)?.Items.Contains(new StringValue(type)) == true
            && Matches(p.At("spec.podSelector") as ObjectValue, labels));

    private bool Allows(string ns, IReadOnlyDictionary<string, string> labels, string type, string rulesKey, string peersKey, Func<ObjectValue, bool> peerMatches, string protocol, int port)
    {
        var selecting = Selecting(ns, labels, type).ToList();
        if (selecting.Count == 0)
        {
            return true;
        }

        return selecting.SelectMany(p => (p.At($"spec.{rulesKey}") as ListValue)?.Items.Cast<ObjectValue>() ?? []).Any(rule =>
            (rule[peersKey] is not ListValue peers || peers.Items.Count == 0 || peers.Items.Cast<ObjectValue>().Any(peerMatches))
            && (rule["ports"] is not ListValue ports || ports.Items.Count == 0 || ports.Items.Cast<ObjectValue>().Any(p =>
                ((p["protocol"] as StringValue)?.Text ?? "TCP") == protocol && p["port"] is NumberValue n && n.Number == port)));
    }

    /// <summary>A selector with no matchLabels (or absent) selects everything; otherwise each label must be on the pod.</summary>
    public static bool Matches(ObjectValue? selector, IReadOnlyDictionary<string, string> labels) =>
        selector is null || (selector["matchLabels"] as ObjectValue)?.Entries.All(e => labels.TryGetValue(e.Key, out var v) && e.Value == new StringValue(v)) != false;

    private static bool PeerMatchesPod(ObjectValue peer, string policyNs, string podNs, IReadOnlyDictionary<string, string> podLabels)
    {
        if (peer["ipBlock"] is not null)
        {
            return false;
        }

        var namespaceMatches = peer["namespaceSelector"] is ObjectValue nsSelector
            ? Matches(nsSelector, new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = podNs })
            : podNs == policyNs;
        return namespaceMatches && Matches(peer["podSelector"] as ObjectValue, podLabels);
    }

    private static bool PeerMatchesAddress(ObjectValue peer, IPAddress address)
    {
        if (peer["ipBlock"] is not ObjectValue block)
        {
            return false;
        }

        var except = (block["except"] as ListValue)?.Items.Cast<StringValue>().Select(s => s.Text) ?? [];
        return Contains(((StringValue)block["cidr"]!).Text, address) && !except.Any(e => Contains(e, address));
    }

    public static bool Contains(string cidr, IPAddress address)
    {
        var network = IPNetwork.Parse(cidr);
        return network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address);
    }
}
