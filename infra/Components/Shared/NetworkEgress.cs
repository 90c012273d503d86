namespace Infra.Components;

/// <summary>
/// A connection a component's pods open to something that is not a platform pod with an ingress policy of
/// ours: the cluster's DNS and API server, the nodes, pods whose ingress another controller owns (Strimzi
/// writes the NetworkPolicies of its Kafka pods), cert-manager, or addresses outside the cluster. Pod-to-pod
/// connections between platform namespaces are <see cref="NetworkEdge"/>s, which give both sides.
/// </summary>
/// <param name="Namespace">The source pods' namespace (the egress policy lives there).</param>
/// <param name="Policy">The egress NetworkPolicy's name, e.g. egress-api-server.</param>
/// <param name="From">Labels of the source pods; empty selects every pod of the namespace.</param>
/// <param name="To">Destinations: pods (namespace and labels) or address ranges with their exceptions.</param>
/// <param name="Ports">Destination ports.</param>
/// <param name="Reason">Why these pods need it (rendered as the policy's annotation, read in review).</param>
/// <param name="Protocols">TCP unless said (DNS is UDP and TCP).</param>
public sealed record NetworkEgress(string Namespace, string Policy, IReadOnlyList<(string Key, string Value)> From, IReadOnlyList<NetworkPeer> To,
    IReadOnlyList<int> Ports, string Reason, IReadOnlyList<string>? Protocols = null)
{
    public const string ReasonAnnotation = "observability.platform/egress-reason";

    /// <summary>The API server on EKS: the kubernetes Service's endpoints are ENIs in the VPC's private subnets, on 443.</summary>
    public static NetworkEgress ApiServer(string @namespace, string policy, string reason, params (string Key, string Value)[] from) =>
        new(@namespace, policy, from, NetworkPeer.Private, [443], $"the API server: {reason}");

    /// <summary>The cluster's DNS, for every pod of the namespace (UDP, and TCP for large answers).</summary>
    public static NetworkEgress Dns(string @namespace) =>
        new(@namespace, "egress-dns", [], [NetworkPeer.KubeDns], [53], "name resolution (CoreDNS)", ["UDP", "TCP"]);

    public IReadOnlyList<string> ProtocolList => Protocols ?? ["TCP"];
}
