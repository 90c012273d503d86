using Infra.Model;

namespace Infra.Components;

/// <summary>
/// Where a connection comes from: pods with labels in a namespace, every pod of a namespace (no
/// labels), an address range (<see cref="Addresses"/>: a load balancer that connects from its own
/// addresses), or anywhere (<see cref="Anywhere"/>: load balancers and the API server, whose addresses are
/// not known in advance).
/// </summary>
public sealed record NetworkPeer(string? Namespace, IReadOnlyList<(string Key, string Value)> Labels, string? Cidr = null, IReadOnlyList<string>? Except = null)
{
    /// <summary>RFC 1918 (declared first: the peers below are built from it).</summary>
    public static IReadOnlyList<string> PrivateRanges { get; } = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

    /// <summary>Any source: the rule has no <c>from</c>.</summary>
    public static NetworkPeer Anywhere { get; } = new(null, []);

    /// <summary>Prometheus of the stack (it scrapes every metrics port).</summary>
    public static NetworkPeer Prometheus { get; } = Pods(Namespaces.Monitoring, ("app.kubernetes.io/name", "prometheus"));

    public static NetworkPeer Pods(string @namespace, params (string Key, string Value)[] labels) => new(@namespace, labels);

    /// <summary>Connections from (or to) an address range (an <c>ipBlock</c>), less the ranges in <paramref name="except"/>.</summary>
    public static NetworkPeer Addresses(string cidr, params string[] except) => new(null, [], cidr, except);

    /// <summary>The cluster's DNS (CoreDNS in kube-system, labelled k8s-app=kube-dns on EKS and kubeadm).</summary>
    public static NetworkPeer KubeDns { get; } = Pods("kube-system", ("k8s-app", "kube-dns"));

    /// <summary>
    /// Every private address of the VPC (RFC 1918), where the API server's endpoints (EKS: its ENIs in the
    /// cluster's subnets, behind the kubernetes Service) and the nodes (kubelet, node-exporter) live.
    /// </summary>
    public static IReadOnlyList<NetworkPeer> Private { get; } = [.. PrivateRanges.Select(r => Addresses(r))];

    /// <summary>Public addresses only: the internet, not the VPC, not the metadata endpoint (FQDN destinations: Slack, PagerDuty, S3, STS).</summary>
    public static IReadOnlyList<NetworkPeer> Internet { get; } =
        [Addresses("0.0.0.0/0", [.. PrivateRanges, "169.254.0.0/16", "100.64.0.0/10"]), Addresses("::/0", "fc00::/7", "fe80::/10")];

    /// <summary>
    /// Any address but the metadata endpoint's: a destination that may be public or private depending on
    /// another stack's choice (an environment's load balancer scheme, a self-hosted identity provider).
    /// </summary>
    public static IReadOnlyList<NetworkPeer> AnyAddress { get; } = [Addresses("0.0.0.0/0", "169.254.169.254/32"), Addresses("::/0", "fd00:ec2::254/128")];


    /// <summary>Peers are compared by value (labels in order), so edges from the same peer share one rule.</summary>
    public string Key => Cidr is not null ? $"ip:{Cidr}{(Except is { Count: > 0 } ? "-" + string.Join(",", Except) : string.Empty)}" : Namespace is null ? "*" : $"{Namespace}/{string.Join(",", Labels.Select(l => $"{l.Key}={l.Value}"))}";

    /// <summary>The NetworkPolicy peer; a peer in the policy's own namespace selects pods there only.</summary>
    public ObjectValue? ToPeer(string policyNamespace)
    {
        if (Cidr is not null)
        {
            return ObjectValue.Of(("ipBlock", ObjectValue.Of(("cidr", Cidr), ("except", Except is { Count: > 0 } ? ListValue.Strings([.. Except]) : null))));
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

    /// <summary>Labels as a mapping (a pod template's or a chart's podLabels).</summary>
    public static ObjectValue LabelMap(IEnumerable<(string Key, string Value)> labels) =>
        new(labels.Select(l => new KeyValuePair<string, Value>(l.Key, new StringValue(l.Value))).ToList());

    public static ObjectValue MatchLabels(IEnumerable<(string Key, string Value)> labels) =>
        ObjectValue.Of(("matchLabels", new ObjectValue(labels.Select(l => new KeyValuePair<string, Value>(l.Key, new StringValue(l.Value))).ToList())));

    public bool Equals(NetworkPeer? other) => other is not null && Key == other.Key;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
}
