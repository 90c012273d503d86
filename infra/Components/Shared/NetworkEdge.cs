namespace Infra.Components;

/// <summary>
/// A connection a component needs: <see cref="From"/> may reach <see cref="Ports"/> of the pods selected
/// by <see cref="To"/> in <see cref="Namespace"/>. Edges with the same namespace and policy name become
/// one NetworkPolicy (see <see cref="NetworkPolicies"/>); everything else is denied.
/// </summary>
/// <param name="Policy">The NetworkPolicy's name, e.g. allow-prometheus-scrape.</param>
/// <param name="To">Labels of the target pods; empty selects every pod of the namespace.</param>
/// <param name="Ports">Destination ports; empty allows every port.</param>
/// <param name="Protocols">TCP unless said (Alertmanager's gossip is TCP and UDP).</param>
public sealed record NetworkEdge(string Namespace, string Policy, IReadOnlyList<(string Key, string Value)> To, NetworkPeer From, IReadOnlyList<int> Ports,
    IReadOnlyList<string>? Protocols = null)
{
    public IReadOnlyList<string> ProtocolList => Protocols ?? ["TCP"];

    /// <summary>Prometheus scrapes these ports of every pod in the namespace.</summary>
    public static NetworkEdge Scrape(string @namespace, params int[] ports) =>
        new(@namespace, "allow-prometheus-scrape", [], NetworkPeer.Prometheus, ports);
}
