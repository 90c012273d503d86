using System.Net;
using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// Egress is denied by default and allowed by need, on every stack (the synthetic added environment and
/// controlplanes included): every namespace that runs pods has a default-deny egress policy, so a pod no
/// rule names reaches nothing but the cluster's DNS; every connection the program declares between its
/// components is allowed on both sides (egress of the source, ingress of the destination) and every
/// egress it declares to the outside is allowed; and no egress rule anywhere admits the instance
/// metadata endpoint. Pods on the host network (node-exporter) are outside any NetworkPolicy.
/// </summary>
public sealed class EgressPolicyTests
{
    private static readonly IPAddress Metadata = IPAddress.Parse("169.254.169.254");

    private static readonly IPAddress MetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>Addresses a rule's ranges are probed with: public, each private range, IPv6.</summary>
    private static readonly IPAddress[] Probes = [.. new[] { "198.51.100.7", "10.1.2.3", "172.16.0.5", "192.168.1.1", "2001:db8::1" }.Select(IPAddress.Parse)];

    private static readonly string[] WorkloadKinds = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Elasticsearch", "Kibana", "Logstash", "Kafka", "KafkaNodePool"];

    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void EveryNamespaceWithPodsDeniesEgressByDefault(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var policies = RenderedNetworkPolicies.Of(compiled.Graph);
        var namespaces = PodNamespaces(compiled.Graph).ToList();
        Assert.NotEmpty(namespaces);
        foreach (var ns in namespaces)
        {
            Assert.True(policies.Policies.Any(p => p.At("metadata.namespace") == new StringValue(ns) && IsEgress(p)
                && p.At("spec.podSelector") is ObjectValue { Entries.Count: 0 } && p.At("spec.egress") is null or ListValue { Items.Count: 0 }),
                $"{stack}: pods run in {ns}, and no default-deny egress policy selects every pod there");

            // A pod that no rule names (no labels of ours) resolves names and reaches nothing else outside its namespace.
            var stranger = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "stranger" };
            Assert.True(policies.EgressAllows(ns, stranger, "kube-system", new Dictionary<string, string> { ["k8s-app"] = "kube-dns" }, "UDP", 53), $"{stack}: pods in {ns} cannot resolve names");
            foreach (var address in new[] { "198.51.100.7", "2001:db8::1" }.Select(IPAddress.Parse))
            {
                Assert.False(policies.EgressAllows(ns, stranger, address, "TCP", 443), $"{stack}: any pod of {ns} reaches {address}:443");
            }

            Assert.False(policies.EgressAllows(ns, stranger, Metadata, "TCP", 80), $"{stack}: any pod of {ns} reaches the instance metadata endpoint");
        }
    }

    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void EveryDeclaredConnectionIsAllowedOnBothSides(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var policies = RenderedNetworkPolicies.Of(compiled.Graph);
        var platform = Namespaces.All.Where(n => n.Roles.Contains(compiled.Settings.Role)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        Assert.NotEmpty(compiled.Contributions.Edges);
        foreach (var edge in compiled.Contributions.Edges)
        {
            var to = Labels(edge.To);
            foreach (var port in edge.Ports.DefaultIfEmpty(1))
            {
                var what = $"{edge.Namespace}/{edge.Policy} from {edge.From.Key} on {port}";
                if (edge.From.Cidr is { } cidr)
                {
                    var address = IPNetwork.Parse(cidr).BaseAddress;
                    Check(policies.IngressAllows(edge.Namespace, to, address, port), $"{what}: no ingress rule admits it");
                }
                else if (edge.From.Namespace is not { } source)
                {
                    Check(policies.IngressAllows(edge.Namespace, to, Probes[0], port), $"{what}: no ingress rule admits it");
                }
                else
                {
                    var from = Labels(edge.From.Labels);
                    Check(policies.IngressAllows(edge.Namespace, to, source, from, port), $"{what}: no ingress rule admits it");
                    if (platform.Contains(source))
                    {
                        Check(policies.EgressAllows(source, from, edge.Namespace, to, "TCP", port), $"{what}: no egress rule lets the source out");
                    }
                }
            }
        }

        foreach (var egress in compiled.Contributions.Egresses)
        {
            var from = Labels(egress.From);
            foreach (var (protocol, port) in egress.ProtocolList.SelectMany(p => egress.Ports.Select(port => (p, port))))
            {
                foreach (var peer in egress.To)
                {
                    var what = $"{egress.Namespace}/{egress.Policy} to {peer.Key} on {protocol}/{port}";
                    if (peer.Cidr is not null)
                    {
                        var inside = Probes.Where(a => RenderedNetworkPolicies.Contains(peer.Cidr, a) && !(peer.Except ?? []).Any(e => RenderedNetworkPolicies.Contains(e, a))).ToList();
                        Check(inside.Count > 0 && inside.All(a => policies.EgressAllows(egress.Namespace, from, a, protocol, port)), $"{what}: not allowed");
                    }
                    else
                    {
                        Check(policies.EgressAllows(egress.Namespace, from, peer.Namespace!, Labels(peer.Labels), protocol, port), $"{what}: not allowed");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, $"{stack}:\n{string.Join('\n', problems)}");

        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void NoEgressRuleReachesTheInstanceMetadataEndpoint(string stack)
    {
        var compiled = Stacks.Compile(stack);
        foreach (var policy in RenderedNetworkPolicies.Of(compiled.Graph).Policies.Where(IsEgress))
        {
            var name = $"{(policy.At("metadata.namespace") as StringValue)?.Text}/{(policy.At("metadata.name") as StringValue)?.Text}";
            foreach (var rule in (policy.At("spec.egress") as ListValue)?.Items.Cast<ObjectValue>() ?? [])
            {
                Assert.False(ReachesMetadata(rule), $"{stack}: egress policy {name} lets pods reach the instance metadata endpoint");
            }
        }
    }

    /// <summary>
    /// Strimzi writes the ingress policy of each Kafka listener itself, from the listener's <c>networkPolicyPeers</c>
    /// (copied as NetworkPolicy peers: without namespaceSelector, pods of Kafka's namespace). Modelled that way, every
    /// client that declares an egress to the Kafka pods on a listener's port is admitted there (Fluent Bit from
    /// node-agents, Logstash), and no other pod of the clients' namespaces is.
    /// </summary>
    [Theory]
    [MemberData(nameof(Stacks.AllData), MemberType = typeof(Stacks))]
    public void StrimzisListenerPoliciesAdmitEveryDeclaredClientAndNoOtherPod(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var kafka = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:yaml/v2:ConfigGroup")
            .SelectMany(r => ((ListValue)r.Properties["objs"]!).Items.Cast<ObjectValue>())
            .Single(o => o["kind"] == new StringValue("Kafka"));
        var kafkaNs = ((StringValue)kafka.At("metadata.namespace")!).Text;
        var kafkaPods = Labels(Infra.Components.Kafka.ClusterPodLabels);
        var listeners = ((ListValue)kafka.At("spec.kafka.listeners")!).Items.Cast<ObjectValue>().ToList();
        var policies = new RenderedNetworkPolicies([.. listeners.Select(l => ObjectValue.Of(
            ("metadata", ObjectValue.Of(("name", $"strimzi-{((StringValue)l["name"]!).Text}"), ("namespace", kafkaNs))),
            ("spec", ObjectValue.Of(
                ("podSelector", NetworkPeer.MatchLabels(Infra.Components.Kafka.ClusterPodLabels)),
                ("policyTypes", ListValue.Of("Ingress")),
                ("ingress", ListValue.Of(ObjectValue.Of(
                    ("from", l["networkPolicyPeers"] is ListValue { Items.Count: > 0 } peers ? peers : null),
                    ("ports", ListValue.Of(ObjectValue.Of(("protocol", "TCP"), ("port", l["port"]!)))))))))))]);
        var ports = listeners.Select(l => (int)((NumberValue)l["port"]!).Number).ToHashSet();
        var clients = compiled.Contributions.Egresses
            .Where(e => e.To.Contains(Infra.Components.Kafka.Pods) && !e.From.SequenceEqual(Infra.Components.Kafka.ClusterPodLabels) && !e.From.SequenceEqual(Infra.Components.Kafka.OperatorPods))
            .SelectMany(e => e.Ports.Where(ports.Contains).Select(port => (e.Namespace, From: Labels(e.From), Port: port)))
            .ToList();
        Assert.Contains(clients, c => c.Namespace == Namespaces.NodeAgents && c.Port == Infra.Components.Kafka.TlsPort);
        foreach (var (ns, from, port) in clients)
        {
            Assert.True(policies.IngressAllows(kafkaNs, kafkaPods, ns, from, port), $"{stack}: Strimzi's policy of the listener on {port} refuses {ns}/{string.Join(",", from)}, which declares an egress to it");
        }

        var stranger = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "stranger" };
        foreach (var ns in clients.Select(c => c.Namespace).Append(kafkaNs).Append("default").Distinct())
        {
            Assert.False(policies.IngressAllows(kafkaNs, kafkaPods, ns, stranger, Infra.Components.Kafka.TlsPort), $"{stack}: any pod of {ns} reaches Kafka's TLS listener");
        }
    }

    /// <summary>The checks themselves: an open rule and an ipBlock without the exception are found; default deny refuses; a rule admits.</summary>
    [Fact]
    public void TheChecksFindWhatBreaksThem()
    {
        Assert.True(ReachesMetadata(ObjectValue.Empty));
        Assert.True(ReachesMetadata(Rule(ObjectValue.Of(("cidr", "169.254.0.0/16")))));
        Assert.False(ReachesMetadata(Rule(ObjectValue.Of(("cidr", "0.0.0.0/0"), ("except", ListValue.Of("169.254.169.254/32"))))));
        Assert.False(ReachesMetadata(ObjectValue.Of(("to", ListValue.Of(ObjectValue.Of(("namespaceSelector", ObjectValue.Empty)))))));

        var pod = new Dictionary<string, string> { ["app"] = "a" };
        var target = new Dictionary<string, string> { ["app"] = "b" };
        var deny = Policy("deny", ObjectValue.Empty, ListValue.Of());
        Assert.True(new RenderedNetworkPolicies([]).EgressAllows("ns", pod, "other", target, "TCP", 80));
        Assert.False(new RenderedNetworkPolicies([deny]).EgressAllows("ns", pod, "other", target, "TCP", 80));
        var allow = Policy("allow", NetworkPeer.MatchLabels([("app", "a")]), ListValue.Of(ObjectValue.Of(
            ("to", ListValue.Of(NetworkPeer.Pods("other", ("app", "b")).ToPeer("ns")!)),
            ("ports", ListValue.Of(ObjectValue.Of(("protocol", "TCP"), ("port", 80)))))));
        var both = new RenderedNetworkPolicies([deny, allow]);
        Assert.True(both.EgressAllows("ns", pod, "other", target, "TCP", 80));
        Assert.False(both.EgressAllows("ns", pod, "other", target, "TCP", 81));
        Assert.False(both.EgressAllows("ns", pod, "third", target, "TCP", 80));
        Assert.False(both.EgressAllows("ns", target, "other", target, "TCP", 80));
    }

    private static ObjectValue Policy(string name, ObjectValue selector, ListValue egress) => ObjectValue.Of(
        ("metadata", ObjectValue.Of(("name", name), ("namespace", "ns"))),
        ("spec", ObjectValue.Of(("podSelector", selector), ("policyTypes", ListValue.Of("Egress")), ("egress", egress))));

    /// <summary>The namespaces of every pod the stack runs: its own workloads and custom resources that make pods, and every chart release's.</summary>
    private static SortedSet<string> PodNamespaces(ResourceGraph graph)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var resource in graph.Resources)
        {
            if (resource.Type == "kubernetes:helm.sh/v4:Chart" && resource.Properties["namespace"] is ReferenceValue { Target: var ns } && ns.Properties.At("metadata.name") is StringValue chartNs)
            {
                found.Add(chartNs.Text);
            }

            var objects = resource.Type == "kubernetes:yaml/v2:ConfigGroup"
                ? ((ListValue)resource.Properties["objs"]!).Items.Cast<ObjectValue>()
                : resource.Type.StartsWith("kubernetes:", StringComparison.Ordinal) ? [resource.Properties with { }] : [];
            foreach (var obj in objects)
            {
                var kind = obj["kind"] is StringValue k ? k.Text : resource.Type.Split(':')[^1];
                if (WorkloadKinds.Contains(kind) && obj.At("metadata.namespace") is StringValue workloadNs)
                {
                    found.Add(workloadNs.Text);
                }
            }
        }

        return found;
    }

    private static Dictionary<string, string> Labels(IEnumerable<(string Key, string Value)> labels) => labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);

    private static ObjectValue Rule(ObjectValue ipBlock) => ObjectValue.Of(("to", ListValue.Of(ObjectValue.Of(("ipBlock", ipBlock)))));

    private static bool IsEgress(ObjectValue policy) => (policy.At("spec.policyTypes") as ListValue)?.Items.Contains(new StringValue("Egress")) == true;

    /// <summary>Whether a rule admits the metadata address: no 'to' admits everything; pod and namespace selectors never match it.</summary>
    private static bool ReachesMetadata(ObjectValue rule)
    {
        if (rule["to"] is not ListValue to || to.Items.Count == 0)
        {
            return true;
        }

        return to.Items.Cast<ObjectValue>().Select(peer => peer["ipBlock"]).OfType<ObjectValue>().Any(block =>
        {
            var cidr = ((StringValue)block["cidr"]!).Text;
            var except = (block["except"] as ListValue)?.Items.Cast<StringValue>().Select(s => s.Text).ToList() ?? [];
            return new[] { Metadata, MetadataV6 }.Any(address => RenderedNetworkPolicies.Contains(cidr, address) && !except.Any(e => RenderedNetworkPolicies.Contains(e, address)));
        });
    }
}
