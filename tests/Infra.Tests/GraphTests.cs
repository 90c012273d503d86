using System.Text.Json;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests;

/// <summary>The resource graph of every stack in stacks/: providers, pins, wiring and production invariants.</summary>
public sealed class GraphTests
{
    private static readonly string[] EnvironmentComponents =
        [KubePrometheus.ComponentName, Alertmanager.ComponentName, NodeExporter.ComponentName, Kafka.ComponentName, FluentBit.ComponentName];

    private static readonly string[] ControlplaneComponents =
        [Elasticsearch.ComponentName, Kibana.ComponentName, Logstash.ComponentName, Grafana.ComponentName];

    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [Fact]
    public void StacksHoldAControlplaneAndTheEnvironmentsItLists()
    {
        var controlplanes = Repo.Stacks.Where(s => Stacks.RoleOf(s) == StackRole.Controlplane).ToList();
        Assert.NotEmpty(controlplanes);
        foreach (var controlplane in controlplanes)
        {
            foreach (var environment in Stacks.SettingsOf(controlplane).Get(SettingsCatalog.Environments).Items)
            {
                Assert.Contains(environment, Repo.Stacks);
                Assert.Equal(StackRole.Environment, Stacks.RoleOf(environment));
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void TheProgramIsOneYamlMappingWithNameAndResourcesAsTheRuntimeReadsIt(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var resources = ProgramYaml.Resources(ProgramYaml.Parse(compiled.Program));
        Assert.Equal(compiled.Graph.Resources.Count, resources.Children.Count);
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void GraphPassesItsOwnChecks(string stack) =>
        Assert.Empty(GraphValidator.Validate(Stacks.Compile(stack).Graph));

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryKubernetesResourceUsesTheStackProviderWithTheConfiguredContext(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var provider = Assert.Single(compiled.Graph.Resources, r => r.Type == "pulumi:providers:kubernetes");
        Assert.Equal(new StringValue(compiled.Settings.Get(SettingsCatalog.KubeContext)), provider.Properties["context"]);
        Assert.Equal(new BoolValue(true), provider.Properties["enableServerSideApply"]);
        foreach (var resource in compiled.Graph.Resources.Where(r => r.Package == "kubernetes" && !r.IsProvider))
        {
            Assert.Same(provider, resource.Options.Provider);
        }
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryResourceOfAPackageCarriesThePinnedVersion(string stack)
    {
        foreach (var resource in Stacks.Compile(stack).Graph.Resources.Where(r => r.Package != "pulumi"))
        {
            Assert.True(Pins.Providers.TryGetValue(resource.Package, out var pinned), $"{resource} uses unpinned package {resource.Package}");
            Assert.Equal(pinned, resource.Options.Version);
        }
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void ChartsArePinnedToTheVersionsInPins(string stack)
    {
        var charts = Stacks.Compile(stack).Graph.Resources.Where(r => r.Type == "kubernetes:helm.sh/v4:Chart").ToList();
        Assert.NotEmpty(charts);
        foreach (var chart in charts)
        {
            var reference = ((StringValue)chart.Properties["chart"]!).Text;
            var pin = Assert.Single(Infra.Components.Products.Charts, p => p.Chart == reference);
            Assert.Equal(new StringValue(pin.Version), chart.Properties["version"]);
        }
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void StackComposesTheComponentsOfItsRole(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var components = compiled.Graph.Resources.Select(r => r.Component).ToHashSet();
        Assert.Superset(EnvironmentComponents.ToHashSet(), components);
        if (compiled.Settings.Role == StackRole.Controlplane)
        {
            Assert.Superset(ControlplaneComponents.ToHashSet(), components);
            Assert.Contains(compiled.Graph.Resources, r => r.Type == "pulumi:providers:aws");
        }
        else
        {
            Assert.Empty(components.Intersect(ControlplaneComponents));
            Assert.DoesNotContain(compiled.Graph.Resources, r => r.Package == "aws");
        }
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void PrometheusCarriesClusterAndEnvironmentExternalLabels(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var values = ChartValues(compiled, KubePrometheus.ReleaseName);
        Assert.Equal(new StringValue(compiled.Settings.Cluster), values.At("prometheus.prometheusSpec.externalLabels.cluster"));
        Assert.Equal(new StringValue(compiled.Settings.Environment), values.At("prometheus.prometheusSpec.externalLabels.environment"));
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void StatefulResourcesAreProtectedExactlyWhenTheProfileSaysSo(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var protect = compiled.Settings.Get(SettingsCatalog.ProtectStatefulResources);
        Assert.Equal(compiled.Settings.IsProduction, protect);
        var stateful = new[] { "kube-prometheus-chart", "kafka-cluster", "monitoring-namespace", "logging-namespace" };
        foreach (var name in stateful)
        {
            Assert.Equal(protect, compiled.Graph[name].Options.Protect);
        }

        if (!protect)
        {
            Assert.DoesNotContain(compiled.Graph.Resources, r => r.Options.Protect);
        }
    }

    public static TheoryData<string> ProductionEnvironments() => Stacks.Data(StackRole.Environment, Profile.Production);

    public static TheoryData<string> Environments() => Stacks.Data(StackRole.Environment);

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    [Fact]
    public void TheProductionProfileDefaultsAreHighlyAvailable()
    {
        // What a production stack gets when it sets nothing: an HA Prometheus pair, an Alertmanager cluster, a
        // Kafka quorum that survives a broker loss. A stack may set other counts; the theory below follows them.
        var context = new DefaultContext("any", StackRole.Environment, Profile.Production);
        Assert.True((int)SettingsCatalog.PrometheusReplicas.DefaultFor(context)! >= 2, SettingsCatalog.PrometheusReplicas.Key);
        Assert.True((int)SettingsCatalog.AlertmanagerReplicas.DefaultFor(context)! >= 3, SettingsCatalog.AlertmanagerReplicas.Key);
        Assert.True((int)SettingsCatalog.KafkaBrokers.DefaultFor(context)! >= 3, SettingsCatalog.KafkaBrokers.Key);
        Assert.True((int)SettingsCatalog.KafkaControllers.DefaultFor(context)! >= 3, SettingsCatalog.KafkaControllers.Key);
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void AvailabilityAndSizesFollowTheStacksSettings(string stack)
    {
        // Every expectation comes from the stack's own settings, so this holds for any legal sizes and counts.
        var compiled = Stacks.Compile(stack);
        var settings = compiled.Settings;
        var values = ChartValues(compiled, KubePrometheus.ReleaseName);
        void Expect(SettingDefinition setting, Value expected, string path, Value? actual) =>
            Assert.True(ValueComparer.Instance.Equals(expected, actual), $"stack {stack}, {setting.Key} = {expected}: expected {expected} at {path}, found {actual}");

        var prometheus = settings.Get(SettingsCatalog.PrometheusReplicas);
        Expect(SettingsCatalog.PrometheusReplicas, new NumberValue(prometheus), "prometheus.prometheusSpec.replicas", values.At("prometheus.prometheusSpec.replicas"));
        Expect(SettingsCatalog.PrometheusReplicas, new BoolValue(prometheus > 1), "prometheus.podDisruptionBudget.enabled", values.At("prometheus.podDisruptionBudget.enabled"));
        Expect(SettingsCatalog.AlertmanagerReplicas, new NumberValue(settings.Get(SettingsCatalog.AlertmanagerReplicas)), "alertmanager.alertmanagerSpec.replicas", values.At("alertmanager.alertmanagerSpec.replicas"));

        // retentionSize stays within 85% of the volume, in Prometheus' base-2 units, rounded down to at most 1 MiB less.
        var storage = settings.Get(SettingsCatalog.PrometheusStorageSize);
        Expect(SettingsCatalog.PrometheusStorageSize, new StringValue(storage), "prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage",
            values.At("prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage"));
        var retention = ((StringValue)values.At("prometheus.prometheusSpec.retentionSize")!).Text;
        var retentionBytes = decimal.Parse(retention[..^2], System.Globalization.CultureInfo.InvariantCulture) * (retention.EndsWith("GB", StringComparison.Ordinal) ? 1024m * 1024 * 1024 : 1024m * 1024);
        var limit = KubeQuantity.Parse(storage) * 0.85m;
        Assert.True(retentionBytes <= limit && retentionBytes > limit - 1024 * 1024, $"stack {stack}, {SettingsCatalog.PrometheusStorageSize.Key} = {storage}: retentionSize {retention} is not 85% of it");

        if (settings.Role == StackRole.OnCall || !KafkaObjects(compiled).Any())
        {
            return;
        }

        // Kafka: the pools hold the configured nodes; the topic keeps up to 3 copies and refuses writes below 2 when it has them.
        var brokers = settings.Get(SettingsCatalog.KafkaBrokers);
        var controllers = settings.Get(SettingsCatalog.KafkaControllers);
        var pools = KafkaObjects(compiled).Where(o => o["kind"] == new StringValue("KafkaNodePool")).ToList();
        int Nodes(string role) => pools.Where(p => ((ListValue)p.At("spec.roles")!).Items.Contains(new StringValue(role))).Sum(p => (int)((NumberValue)p.At("spec.replicas")!).Number);
        Assert.True(Nodes("broker") == brokers, $"stack {stack}, {SettingsCatalog.KafkaBrokers.Key} = {brokers}: the node pools hold {Nodes("broker")} brokers");
        if (pools.Count > 1)
        {
            Assert.True(Nodes("controller") == controllers, $"stack {stack}, {SettingsCatalog.KafkaControllers.Key} = {controllers}: the node pools hold {Nodes("controller")} controllers");
        }

        var topic = Assert.Single(KafkaObjects(compiled), o => o["kind"] == new StringValue("KafkaTopic"));
        var replication = Math.Min(3, brokers);
        Expect(SettingsCatalog.KafkaBrokers, new NumberValue(replication), "KafkaTopic spec.replicas", topic.At("spec.replicas"));
        Expect(SettingsCatalog.KafkaBrokers, new NumberValue(Math.Min(2, replication)), "KafkaTopic min.insync.replicas", ((ObjectValue)topic.At("spec.config")!)["min.insync.replicas"]);
    }

    /// <summary>The stacks configured with a single Kafka node (development's config does that).</summary>
    public static TheoryData<string> SingleKafkaNodeStacks() => Stacks.Data(Stacks.All.Where(s =>
        Stacks.SettingsOf(s).Get(SettingsCatalog.KafkaBrokers) == 1 && Stacks.SettingsOf(s).Get(SettingsCatalog.KafkaControllers) == 1));

    [Theory]
    [MemberData(nameof(SingleKafkaNodeStacks))]
    public void ASingleKafkaNodeIsOneCombinedNode(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var pool = Assert.Single(KafkaObjects(compiled), o => o["kind"] == new StringValue("KafkaNodePool"));
        Assert.Equal("combined", Name(pool));
        Assert.Equal(ListValue.Strings(["controller", "broker"]), pool.At("spec.roles"), ValueComparer.Instance);
        var topic = Assert.Single(KafkaObjects(compiled), o => o["kind"] == new StringValue("KafkaTopic"));
        Assert.Equal(new NumberValue(1), topic.At("spec.replicas"));
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void ControlplaneReferencesEveryEnvironmentInItsConfigAndConsumesItsLogs(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var environments = compiled.Settings.Get(SettingsCatalog.Environments).Items;
        Assert.NotEmpty(environments);
        // Besides the environments, only the on-call stack (the routing key) may be referenced.
        var references = compiled.Graph.Resources.Where(r => r.Type == "pulumi:pulumi:StackReference" && r.Name != Infra.Components.OnCall.OnCallStackReference.ResourceName).ToList();
        Assert.Equal(environments.Order(StringComparer.Ordinal), references.Select(r => r.Name["environment-".Length..]));

        var logstash = (ObjectValue)((ListValue)compiled.Graph["logstash"].Properties["objs"]!).Items.Single();
        var pipelineIds = ((ListValue)logstash.At("spec.pipelines")!).Items.Cast<ObjectValue>().Select(p => ((StringValue)p["pipeline.id"]!).Text).ToList();
        Assert.Equal(environments.Append(compiled.Settings.Stack).Append(Infra.Components.Logstash.DeadLetterPipeline).Order(StringComparer.Ordinal), pipelineIds.Order(StringComparer.Ordinal));

        // The pipelines' configurations are in ConfigMaps the Logstash resource mounts (path.config).
        var configs = compiled.Graph.Resources.Where(r => r.Component == Infra.Components.Logstash.ComponentName && r.Type == "kubernetes:core/v1:ConfigMap")
            .SelectMany(r => r.Properties.DescendantsAndSelf()).Concat(logstash.DescendantsAndSelf()).OfType<ReferenceValue>().ToList();
        var secrets = compiled.Graph.Resources.Where(r => r.Component == Infra.Components.Logstash.ComponentName && r.Type == "kubernetes:core/v1:Secret")
            .SelectMany(r => r.Properties.DescendantsAndSelf()).OfType<ReferenceValue>().ToList();
        foreach (var reference in references)
        {
            // Each environment's bootstrap address flows from its stack output into Logstash's Secret (an environment
            // variable of the pipeline, never its text: StackOutputTrustPolicyTests).
            Assert.Contains(secrets,
                r => ReferenceEquals(r.Target, reference) && r.Path == $"outputs.{EnvironmentOutputs.KafkaBootstrap}");
            Assert.DoesNotContain(configs, r => ReferenceEquals(r.Target, reference) && r.Path == $"outputs.{EnvironmentOutputs.KafkaBootstrap}");
        }
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void EnvironmentExportsWhatTheControlplaneReadsWithCredentialsSecret(string stack)
    {
        var outputs = Stacks.Compile(stack).Graph.Outputs.ToDictionary(o => o.Name);
        Assert.False(outputs[EnvironmentOutputs.KafkaBootstrap].Secret);
        Assert.True(outputs[EnvironmentOutputs.KafkaConsumerPassword].Secret);
        Assert.IsType<ReferenceValue>(outputs[EnvironmentOutputs.KafkaConsumerPassword].Value);

        // Every output the controlplane reads through EnvironmentStack exists.
        foreach (var name in new[] { EnvironmentOutputs.KafkaBootstrap, EnvironmentOutputs.KafkaTopic, EnvironmentOutputs.KafkaConsumerUser, EnvironmentOutputs.Environment })
        {
            Assert.Contains(name, outputs.Keys);
        }
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void LogicalNamesDoNotDependOnTheOrderOfEnvironments(string stack)
    {
        var environments = Stacks.SettingsOf(stack).Get(SettingsCatalog.Environments).Items.Append(SyntheticStacks.UnusedName("zz-added")).ToList();
        // About names, not capacity: the added environment's logs need not fit (a controlplane sized exactly would refuse them).
        var a = Stacks.CompileWith(stack, new Dictionary<string, string> { [SettingsCatalog.Environments.Key] = JsonSerializer.Serialize(environments), [SettingsCatalog.LogCapacityShortfallAcknowledged.Key] = "true" });
        environments.Reverse();
        var b = Stacks.CompileWith(stack, new Dictionary<string, string> { [SettingsCatalog.Environments.Key] = JsonSerializer.Serialize(environments), [SettingsCatalog.LogCapacityShortfallAcknowledged.Key] = "true" });
        Assert.Equal(a.Program, b.Program);
    }

    internal static ObjectValue ChartValues(CompiledStack compiled, string release) =>
        (ObjectValue)compiled.Graph[$"{release}-chart"].Properties["values"]!;

    internal static IEnumerable<ObjectValue> KafkaObjects(CompiledStack compiled) =>
        ((ListValue)compiled.Graph["kafka-cluster"].Properties["objs"]!).Items.Cast<ObjectValue>();

    private static string Name(ObjectValue obj) => ((StringValue)obj.At("metadata.name")!).Text;
}
