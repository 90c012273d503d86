using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// NetworkPolicies add up, so one rule that admits every pod of a namespace makes every per-edge policy there
/// moot: the internet-facing pods (Grafana, Kibana's sign-in proxies, the federation gateway) would reach
/// everything their namespace holds. On every stack, no rule of a platform namespace's policies names every
/// pod of a namespace (a pod peer without pod labels) or every namespace, unless the peer is on the list
/// below with its reason.
/// </summary>
public sealed class NamespaceWidePeerPolicyTests
{
    /// <summary>
    /// The namespace-wide peers the platform accepts, by (policy, peer namespace): the ECK operator's namespace
    /// holds the operator alone, so "every pod of elastic-system" is the operator; and the operator's egress
    /// reaches the HTTP ports of every pod in elastic, where it manages Elasticsearch and Kibana (the ports
    /// limit it; no other pod there listens on 9200 or 5601).
    /// </summary>
    private static readonly HashSet<(string Policy, string PeerNamespace)> Accepted =
    [
        ("allow-eck-operator", Namespaces.ElasticSystem),
        ("allow-eck-operator-to-logstash", Namespaces.ElasticSystem),
        ("egress-eck-operator", Namespaces.Elastic),
    ];

    /// <summary>Prometheus' egress to a team's namespace: the team's monitors name ports only the team knows (docs/onboarding.md).</summary>
    private const string TeamScrape = "egress-prometheus";

    /// <summary>
    /// Prometheus' egress to the metrics ports of every pod of a platform namespace (the ports limit it; the
    /// destination side, allow-prometheus-scrape, admits Prometheus' pods alone).
    /// </summary>
    private const string PlatformScrape = "egress-prometheus-scrape";

    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void NoRuleAdmitsEveryPodOfANamespace(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var platform = Namespaces.All.Where(n => n.Roles.Contains(compiled.Settings.Role)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var found = NamespaceWidePeers(RenderedNetworkPolicies.Of(compiled.Graph).Policies, platform)
            .Where(f => !Accepted.Contains((f.Policy, f.PeerNamespace)) && !(f.Policy == TeamScrape && f.PeerNamespace != "*" && !platform.Contains(f.PeerNamespace))
                && !(f.Policy == PlatformScrape && platform.Contains(f.PeerNamespace)))
            .ToList();
        Assert.True(found.Count == 0, $"{stack}: rules that admit every pod of a namespace: {string.Join("; ", found.Select(f => $"{f.Namespace}/{f.Policy} -> {f.PeerNamespace}"))}");
    }

    /// <summary>The check finds what it is for: a same-namespace peer without labels, every namespace, a namespace without pod labels; labelled peers and ipBlocks pass.</summary>
    [Fact]
    public void TheCheckFindsNamespaceWidePeers()
    {
        var platform = new HashSet<string>(StringComparer.Ordinal) { "ns" };
        Assert.Single(NamespaceWidePeers([Policy("from", ObjectValue.Of(("podSelector", ObjectValue.Empty)))], platform));
        Assert.Single(NamespaceWidePeers([Policy("from", ObjectValue.Of(("namespaceSelector", ObjectValue.Empty)))], platform));
        Assert.Single(NamespaceWidePeers([Policy("from", NetworkPeer.Pods("other").ToPeer("ns")!)], platform));
        Assert.Empty(NamespaceWidePeers([Policy("from", NetworkPeer.Pods("other", ("app", "a")).ToPeer("ns")!)], platform));
        Assert.Empty(NamespaceWidePeers([Policy("from", NetworkPeer.Addresses("10.0.0.0/24").ToPeer("ns")!)], platform));
        Assert.Empty(NamespaceWidePeers([Policy("from", ObjectValue.Of(("podSelector", ObjectValue.Empty)))], new HashSet<string>(StringComparer.Ordinal)));
    }

    /// <summary>Every (namespace, policy, peer namespace) of a rule in a platform namespace whose pod peer has no pod labels ('*': every namespace).</summary>
    private static IEnumerable<(string Namespace, string Policy, string PeerNamespace)> NamespaceWidePeers(IEnumerable<ObjectValue> policies, HashSet<string> platform)
    {
        foreach (var policy in policies)
        {
            var ns = ((StringValue)policy.At("metadata.namespace")!).Text;
            if (!platform.Contains(ns))
            {
                continue;
            }

            var name = ((StringValue)policy.At("metadata.name")!).Text;
            var rules = new[] { ("ingress", "from"), ("egress", "to") }
                .SelectMany(k => ((policy.At($"spec.{k.Item1}") as ListValue)?.Items.Cast<ObjectValue>() ?? []).Select(rule => rule[k.Item2]));
            foreach (var peer in rules.OfType<ListValue>().SelectMany(peers => peers.Items.Cast<ObjectValue>()))
            {
                if (peer["ipBlock"] is not null || (peer["podSelector"] as ObjectValue)?["matchLabels"] is ObjectValue { Entries.Count: > 0 })
                {
                    continue;
                }

                var namespaces = (peer["namespaceSelector"] as ObjectValue)?["matchLabels"] as ObjectValue;
                yield return (ns, name, peer["namespaceSelector"] is null ? ns
                    : namespaces?["kubernetes.io/metadata.name"] is StringValue named ? named.Text : "*");
            }
        }
    }

    private static ObjectValue Policy(string peersKey, ObjectValue peer) => ObjectValue.Of(
        ("metadata", ObjectValue.Of(("name", "p"), ("namespace", "ns"))),
        ("spec", ObjectValue.Of(("podSelector", ObjectValue.Empty), ("policyTypes", ListValue.Of("Ingress")),
            ("ingress", ListValue.Of(ObjectValue.Of((peersKey, ListValue.Of(peer))))))));
}
