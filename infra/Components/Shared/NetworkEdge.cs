namespace Infra.Components;

/// <summary>
/// A connection a component needs: <see cref="From"/> may reach <see cref="Ports"/> of the pods selected
/// by <see cref="To"/> in <see cref="Namespace"/>. Edges with the same namespace and policy name become
/// one NetworkPolicy (see <see cref="NetworkPolicies"/>); everything else is denied.
/// </summary>
/// <param name="Policy">The NetworkPolicy's name, e.g. allow-prometheus-scrape.</param>
/// <param name="To">Labels of the target pods; empty selects every pod of the namespace.</param>
/// <param name="Ports">TCP ports; empty allows every port (pods of one namespace talking to each other).</param>
public sealed record NetworkEdge(string Namespace, string Policy, IReadOnlyList<(string Key, string Value)> To, NetworkPeer From, IReadOnlyList<int> Ports)
{
    /// <summary>Prometheus scrapes these ports of every pod in the namespace.</summary>
    public static NetworkEdge Scrape(string @namespace, params int[] ports) =>
        new(@namespace, "allow-prometheus-scrape", [], NetworkPeer.Prometheus, ports);

    /// <summary>Every pod of the namespace may reach every other on any port.</summary>
    public static NetworkEdge WithinNamespace(string @namespace) =>
        new(@namespace, "allow-within-namespace", [], NetworkPeer.Pods(@namespace), []);
}
