using Infra.Components;
using Infra.Config;
using Infra.Footprint;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// Every quorum of every stack (KRaft controllers, Elasticsearch master-eligible nodes, and Kafka brokers of three or
/// more, whose in-sync replicas are a quorum of each partition), and over several zones whatever the capacity model
/// assumes balanced over them (Elasticsearch data nodes, Logstash pods: a zone lost takes ⌈n / zones⌉), is spread over zones
/// with a required constraint (whenUnsatisfiable: DoNotSchedule) and one member per node, read from the
/// rendered custom resources: a first placement can never put a majority in one zone. Also with every
/// replica setting raised, and with a cluster large enough for dedicated masters.
/// </summary>
public sealed class QuorumPlacementPolicyTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    private static readonly Dictionary<string, string> Replicated = new()
    {
        [SettingsCatalog.KafkaBrokers.Key] = "3",
        [SettingsCatalog.KafkaControllers.Key] = "3",
    };

    /// <summary>Fewer Elasticsearch nodes than the sample's log volume needs may be compiled: placement is what is checked here.</summary>
    private static readonly Dictionary<string, string> ReplicatedControlplane = new(Replicated)
    {
        [SettingsCatalog.LogCapacityShortfallAcknowledged.Key] = "true",
    };

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryQuorumIsSpreadOverZonesWithDoNotSchedule(string stack)
    {
        var compiled = new List<CompiledStack> { Stacks.Compile(stack), Stacks.CompileWith(stack, Replicated) };
        if (Stacks.RoleOf(stack) == StackRole.Controlplane)
        {
            // The master-eligible nodes with and without dedicated masters.
            compiled.Add(Stacks.CompileWith(stack, new Dictionary<string, string>(ReplicatedControlplane) { [SettingsCatalog.ElasticsearchNodes.Key] = "3" }));
            compiled.Add(Stacks.CompileWith(stack, new Dictionary<string, string>(ReplicatedControlplane)
            {
                [SettingsCatalog.ElasticsearchNodes.Key] = (Elasticsearch.MostNodesWithoutDedicatedMasters + 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));
        }

        var quorums = 0;
        foreach (var (what, members, podSpec) in compiled.SelectMany(Quorums))
        {
            if (members < 2)
            {
                continue;
            }

            quorums++;
            var zones = ValueAccess.List(podSpec, "topologySpreadConstraints").Where(c => ValueAccess.Text(c, "topologyKey") == Placement.ZoneKey).ToList();
            Assert.True(zones.Count > 0, $"{what}: no zone spread");
            Assert.All(zones, c => Assert.Equal("DoNotSchedule", ValueAccess.Text(c, "whenUnsatisfiable")));
            Assert.All(zones, c => Assert.Equal(1m, ValueAccess.Number(c, "maxSkew")));
            Assert.True(Placement.Read(podSpec, disruptionBudget: true).OnePerNode, $"{what}: members may share a node");
        }

        // The raised settings make at least the KRaft quorum replicated on every stack.
        Assert.True(quorums >= compiled.Count - 1, $"stack '{stack}': only {quorums} replicated quorums found");
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void DedicatedMastersAppearExactlyAboveTheRule(string stack)
    {
        foreach (var nodes in new[] { 3, Elasticsearch.MostNodesWithoutDedicatedMasters, Elasticsearch.MostNodesWithoutDedicatedMasters + 1, 30 })
        {
            // One zone: the node counts around the rule (7) need not divide over zones here.
            var compiled = Stacks.CompileWith(stack, new Dictionary<string, string>(ReplicatedControlplane)
            {
                [SettingsCatalog.ElasticsearchNodes.Key] = nodes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [SettingsCatalog.ElasticsearchZones.Key] = "1",
            });
            var nodeSets = ValueAccess.List(ElasticsearchCluster(compiled), "spec", "nodeSets");
            var masters = nodeSets.Where(n => ValueAccess.Text(n, "name") == Elasticsearch.MasterNodeSet).ToList();
            if (nodes > Elasticsearch.MostNodesWithoutDedicatedMasters)
            {
                var set = Assert.Single(masters);
                Assert.Equal(Elasticsearch.DedicatedMasters, ValueAccess.Count(set, 0, "count"));
                Assert.Equal(["master"], ValueAccess.List(set, "config", "node.roles").OfType<StringValue>().Select(r => r.Text));
                // The data nodes lose the master role, and the footprint counts only them as data.
                var data = nodeSets.Single(n => ValueAccess.Text(n, "name") != Elasticsearch.MasterNodeSet);
                Assert.DoesNotContain("master", ValueAccess.List(data, "config", "node.roles").OfType<StringValue>().Select(r => r.Text));
                Assert.Equal(nodes, ValueAccess.Count(data, 0, "count"));
            }
            else
            {
                Assert.Empty(masters);
            }
        }
    }

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    private static ObjectValue ElasticsearchCluster(CompiledStack compiled) => Objects(compiled).Single(o => ValueAccess.Text(o, "kind") == "Elasticsearch");

    private static IEnumerable<ObjectValue> Objects(CompiledStack compiled) => compiled.Graph.Resources
        .Where(r => r.Type == FootprintCalculator.ConfigGroupType)
        .SelectMany(r => ValueAccess.List(r.Properties, "objs").OfType<ObjectValue>());

    private static int Zones(CompiledStack compiled) => compiled.Settings.Get(SettingsCatalog.ElasticsearchZones);

    /// <summary>Each quorum: KRaft controller pools, and Elasticsearch node sets that are master-eligible (no node.roles means every role).</summary>
    private static IEnumerable<(string What, int Members, Value? PodSpec)> Quorums(CompiledStack compiled)
    {
        foreach (var obj in Objects(compiled))
        {
            var stack = compiled.Settings.Stack;
            if (ValueAccess.Text(obj, "kind") == "KafkaNodePool" && ValueAccess.List(obj, "spec", "roles").OfType<StringValue>().Any(r => r.Text == "controller"))
            {
                yield return ($"stack '{stack}': KafkaNodePool {ValueAccess.Text(obj, "metadata", "name")}", ValueAccess.Count(obj, 0, "spec", "replicas"), ValueAccess.At(obj, "spec", "template", "pod"));
            }

            // Brokers of three or more hold each partition's replicas (min.insync.replicas 2 of 3): two in one zone would
            // leave a zone outage one in-sync replica, and every producer refused.
            if (ValueAccess.Text(obj, "kind") == "KafkaNodePool" && ValueAccess.List(obj, "spec", "roles").OfType<StringValue>().Any(r => r.Text == "broker")
                && ValueAccess.Count(obj, 0, "spec", "replicas") >= 3)
            {
                yield return ($"stack '{stack}': KafkaNodePool {ValueAccess.Text(obj, "metadata", "name")} (brokers)", ValueAccess.Count(obj, 0, "spec", "replicas"), ValueAccess.At(obj, "spec", "template", "pod"));
            }

            if (ValueAccess.Text(obj, "kind") == "Elasticsearch")
            {
                foreach (var nodeSet in ValueAccess.List(obj, "spec", "nodeSets"))
                {
                    var roles = ValueAccess.List(nodeSet, "config", "node.roles").OfType<StringValue>().Select(r => r.Text).ToList();
                    // Data nodes too over several zones: the capacity model's zone loss is a zone's share of them.
                    if (roles.Count == 0 || roles.Contains("master") || Zones(compiled) > 1)
                    {
                        yield return ($"stack '{stack}': Elasticsearch node set {ValueAccess.Text(nodeSet, "name")}", ValueAccess.Count(nodeSet, 0, "count"), ValueAccess.At(nodeSet, "podTemplate", "spec"));
                    }
                }
            }

            // Logstash over several zones: the capacity model sizes the pods left after a zone's share is lost.
            if (ValueAccess.Text(obj, "kind") == "Logstash" && Zones(compiled) > 1)
            {
                yield return ($"stack '{stack}': Logstash {ValueAccess.Text(obj, "metadata", "name")}", ValueAccess.Count(obj, 1, "spec", "count"), ValueAccess.At(obj, "spec", "podTemplate", "spec"));
            }
        }
    }
}
