using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// Every replicated workload of every stack survives a lost node and a lost zone: replicas required on
/// different nodes, spread over zones, and a disruption budget. Read from the rendered specs by each
/// component's workload reader, so removing an affinity, a spread or a budget fails here.
/// </summary>
public sealed class PlacementPolicyTests
{
    /// <summary>Every replica setting raised, so every workload that can be replicated is.</summary>
    private static readonly Dictionary<string, string> HighlyAvailable = new()
    {
        [SettingsCatalog.PrometheusReplicas.Key] = "2",
        [SettingsCatalog.AlertmanagerReplicas.Key] = "3",
        [SettingsCatalog.KafkaBrokers.Key] = "3",
        [SettingsCatalog.KafkaControllers.Key] = "3",
        [SettingsCatalog.FederationGatewayReplicas.Key] = "2",
    };

    private static readonly Dictionary<string, string> HighlyAvailableControlplane = new(HighlyAvailable)
    {
        [SettingsCatalog.ElasticsearchNodes.Key] = "3",

        // Three nodes hold less than the sample's declared log volume: placement is what is checked here.
        [SettingsCatalog.LogCapacityShortfallAcknowledged.Key] = "true",
        [SettingsCatalog.KibanaReplicas.Key] = "2",
        [SettingsCatalog.LogstashReplicas.Key] = "3",
    };

    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryReplicatedWorkloadIsSpreadOverNodesAndZonesWithABudget(string stack) =>
        AssertSpread(Stacks.Compile(stack), minimumReplicated: 0);

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void WithEveryReplicaSettingRaisedEveryWorkloadThatCanBeReplicatedIsSpread(string stack)
    {
        var controlplane = Stacks.RoleOf(stack) == StackRole.Controlplane;
        var compiled = Stacks.CompileWith(stack, controlplane ? HighlyAvailableControlplane : HighlyAvailable);

        // Prometheus, Alertmanager, Kafka controllers and brokers everywhere; the gateway on environments;
        // Elasticsearch, Kibana and Logstash on the controlplane.
        AssertSpread(compiled, minimumReplicated: controlplane ? 7 : 5);
    }

    [Fact]
    public void ASingleReplicaWorkloadIsNotConstrained()
    {
        // Development clusters may have one node: a required anti-affinity there would change nothing but noise.
        var stack = Stacks.Of(null, Profile.Development).First();
        var workloads = Workloads(Stacks.Compile(stack)).Where(w => w.Replicas == 1 && w.Spread is not null).ToList();
        Assert.NotEmpty(workloads);
        Assert.All(workloads, w => Assert.False(w.Spread!.OnePerNode, $"{w.Component} {w.Name} has one replica but a required anti-affinity"));
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void KafkaBrokersKnowTheirZoneWhenThereAreSeveral(string stack)
    {
        var kafka = Stacks.CompileWith(stack, HighlyAvailable).Graph["kafka-cluster"];
        var cluster = ValueAccess.List(kafka.Properties, "objs").OfType<ObjectValue>().Single(o => ValueAccess.Text(o, "kind") == "Kafka");
        Assert.Equal(Placement.ZoneKey, ValueAccess.Text(cluster, "spec", "kafka", "rack", "topologyKey"));
    }

    private static void AssertSpread(CompiledStack compiled, int minimumReplicated)
    {
        var replicated = Workloads(compiled).Where(w => w.Replicas > 1).ToList();
        Assert.True(replicated.Count >= minimumReplicated,
            $"expected at least {minimumReplicated} replicated workloads, found {string.Join(", ", replicated.Select(w => w.Name))}");
        foreach (var workload in replicated)
        {
            var spread = workload.Spread;
            var name = $"stack '{compiled.Settings.Stack}': {workload.Component} {workload.Kind} '{workload.Name}' ({workload.Replicas} replicas)";
            Assert.True(spread is not null, $"{name}: its component's workload reader does not say how it is placed");
            Assert.True(spread!.OnePerNode, $"{name}: replicas may share a node (no required anti-affinity on {Placement.HostKey})");
            Assert.True(spread.AcrossZones, $"{name}: not spread over {Placement.ZoneKey}");
            Assert.True(spread.DisruptionBudget, $"{name}: no PodDisruptionBudget");
        }
    }

    private static List<WorkloadFootprint> Workloads(CompiledStack compiled) =>
        compiled.Contributions.Workloads.SelectMany(source => source.Read(source.Resource)).ToList();
}
