using System.Text.Json;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;
using static Infra.Tests.Logs.PipelineObjects;

namespace Infra.Tests.Logs;

/// <summary>Production invariants of the log pipeline: nothing is lost on any single failure.</summary>
public sealed class LogPipelineInvariantTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    public static TheoryData<string> ProductionStacks() => Stacks.Data(null, Profile.Production);

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    public static TheoryData<string> ProductionControlplanes() => Stacks.Data(StackRole.Controlplane, Profile.Production);

    /// <summary>
    /// The stacks whose Kafka can keep 3 copies of every record: from 3 brokers on (the production profile's default;
    /// fewer is a sizing choice the stack makes, and with it a broker loss stops writes until the broker is back).
    /// </summary>
    public static IReadOnlyList<string> StacksWithThreeBrokers() =>
        [.. Stacks.All.Where(id => Stacks.SettingsOf(id).Get(SettingsCatalog.KafkaBrokers) >= 3)];

    public static TheoryData<string> StacksThatCanSurviveABrokerLoss() => Stacks.Data(StacksWithThreeBrokers());

    /// <summary>Production Kafka's node pools hold the configured nodes (any legal counts), on kept, protected disks.</summary>
    [Theory]
    [MemberData(nameof(ProductionStacks))]
    public void ProductionKafkaKeepsItsConfiguredNodesOnProtectedDisks(string stack)
    {
        var p = new PipelineObjects(stack);
        var pools = p.CustomResources("KafkaNodePool").ToList();
        int Replicas(string role) => pools.Where(x => ((ListValue)x.At("spec.roles")!).Items.Contains(new StringValue(role))).Sum(x => (int)((NumberValue)x.At("spec.replicas")!).Number);
        var brokers = p.Compiled.Settings.Get(SettingsCatalog.KafkaBrokers);
        Assert.True(Replicas("broker") == brokers, $"stack {stack}: {SettingsCatalog.KafkaBrokers.Key} is {brokers}, the node pools hold {Replicas("broker")} brokers");
        Assert.True(Replicas("controller") == p.Compiled.Settings.Get(SettingsCatalog.KafkaControllers), $"stack {stack}: {SettingsCatalog.KafkaControllers.Key} differs from the node pools' controllers");
        Assert.All(pools, pool =>
        {
            Assert.Equal(new StringValue("persistent-claim"), pool.At("spec.storage.type"));
            Assert.Equal(new BoolValue(false), pool.At("spec.storage.deleteClaim"));
            Assert.NotNull(pool.At("spec.resources.requests.memory"));
        });

        Assert.True(p.Compiled.Graph["kafka-cluster"].Options.Protect);
    }

    /// <summary>
    /// Every stack with 3 brokers or more (any role or profile) survives a broker loss: 3 copies of every record and
    /// 2 in sync for a write, so the 2 left still take writes. At least one stack is checked (the test would otherwise pass
    /// without checking anything: <see cref="ThereIsAStackWithThreeBrokersToCheck"/>).
    /// </summary>
    [Theory]
    [MemberData(nameof(StacksThatCanSurviveABrokerLoss))]
    public void KafkaSurvivesABrokerLossFromThreeBrokersOn(string stack)
    {
        var p = new PipelineObjects(stack);
        var topic = p.Single("KafkaTopic");
        Assert.Equal(new NumberValue(3), topic.At("spec.replicas"));
        Assert.Equal(new NumberValue(2), ((ObjectValue)topic.At("spec.config")!)["min.insync.replicas"]);
        Assert.Equal(new NumberValue(2), ((ObjectValue)p.Single("Kafka").At("spec.kafka.config")!)["min.insync.replicas"]);
    }

    [Fact]
    public void ThereIsAStackWithThreeBrokersToCheck() =>
        Assert.True(StacksWithThreeBrokers().Count > 0, $"no stack runs 3 Kafka brokers or more: {nameof(KafkaSurvivesABrokerLossFromThreeBrokersOn)} would check nothing");

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void FluentBitBuffersOnDiskAndNeverGivesUp(string stack)
    {
        var p = new PipelineObjects(stack);
        Assert.Equal("-1", p.FluentBitOutput("rdkafka.request.required.acks"));
        Assert.Equal("true", p.FluentBitOutput("rdkafka.enable.idempotence"));
        Assert.Equal("no_limits", p.FluentBitOutput("Retry_Limit"));
        Assert.Equal(p.Compiled.Settings.Get(SettingsCatalog.FluentBitBufferLimit), p.FluentBitOutput("storage.total_limit_size"));
        Assert.Contains("storage.path /var/lib/fluent-bit/buffer", p.FluentBitConfig, StringComparison.Ordinal);
        Assert.Contains("storage.type filesystem", p.FluentBitConfig, StringComparison.Ordinal);
        Assert.Contains("DB /var/lib/fluent-bit/tail.db", p.FluentBitConfig, StringComparison.Ordinal);

        var values = GraphTests.ChartValues(p.Compiled, FluentBit.ReleaseName);
        Assert.Equal(new StringValue("DaemonSet"), values["kind"]);
        Assert.Equal(ListValue.Of(ObjectValue.Of(("operator", "Exists"))), values["tolerations"], ValueComparer.Instance);
    }

    [Theory]
    [MemberData(nameof(ProductionControlplanes))]
    public void LogstashKeepsEveryEventInAPersistedQueueAndADeadLetterQueue(string controlplane)
    {
        var logstash = new PipelineObjects(controlplane).Single("Logstash");
        var pipelines = ((ListValue)logstash.At("spec.pipelines")!).Items.Cast<ObjectValue>().ToList();
        decimal queues = 0;
        foreach (var pipeline in pipelines.Where(p => p["pipeline.id"] != new StringValue(Infra.Components.Logstash.DeadLetterPipeline)))
        {
            Assert.Equal(new StringValue("persisted"), pipeline["queue.type"]);

            // Bounded threads per pod however many pipelines (Logstash's default is the node's CPU count).
            Assert.Equal(new NumberValue(Stacks.Compile(controlplane).Settings.Get(SettingsCatalog.LogstashPipelineWorkers)), pipeline["pipeline.workers"]);
            Assert.Equal(new BoolValue(true), pipeline["dead_letter_queue.enable"]);
            queues += LogstashBytes(PipelineObjects.Text(pipeline["queue.max_bytes"])) + LogstashBytes(PipelineObjects.Text(pipeline["dead_letter_queue.max_bytes"]));
        }

        // Every pipeline's queues can fill at once (an Elasticsearch outage): the volume must hold them all.
        // Plus the dead-letter pipeline's queue (MappingConflictTests checks that pipeline).
        queues += LogstashBytes(PipelineObjects.Text(pipelines.Single(p => p["pipeline.id"] == new StringValue(Infra.Components.Logstash.DeadLetterPipeline))["queue.max_bytes"]));
        Assert.Equal(Infra.Components.Logstash.PipelinesFor(Stacks.Compile(controlplane).Settings.Get(SettingsCatalog.Environments).Items.Count), pipelines.Count);
        var volume = KubeQuantity.Parse(PipelineObjects.Text(((ObjectValue)((ListValue)logstash.At("spec.volumeClaimTemplates")!).Items[0]).At("spec.resources.requests.storage")));
        Assert.True(volume > queues, $"Logstash volume {volume} B < {queues} B of queue limits");
        Assert.True(((NumberValue)logstash.At("spec.count")!).Number >= 2);

        // The JVM heap follows the pod's memory: half of the limit.
        var container = ((ListValue)logstash.At("spec.podTemplate.spec.containers")!).Items.Cast<ObjectValue>().Single(c => c["name"] == new StringValue("logstash"));
        var javaOptions = ((ListValue)container["env"]!).Items.Cast<ObjectValue>().Single(e => e["name"] == new StringValue("LS_JAVA_OPTS"));
        var heapMiB = KubeQuantity.Parse(Stacks.Compile(controlplane).Settings.Get(SettingsCatalog.LogstashMemory)) / 2 / (1024 * 1024);
        Assert.Equal(new StringValue($"-Xms{heapMiB}m -Xmx{heapMiB}m"), javaOptions["value"]);
    }

    /// <summary>Logstash's byte units ("8gb", "512mb") are powers of 1024.</summary>
    private static decimal LogstashBytes(string size)
    {
        var match = System.Text.RegularExpressions.Regex.Match(size, "^([0-9]+)(kb|mb|gb)$");
        Assert.True(match.Success, $"unexpected Logstash size '{size}'");
        var power = match.Groups[2].Value switch { "kb" => 1, "mb" => 2, _ => 3 };
        return decimal.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * (decimal)Math.Pow(1024, power);
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TheSetupJobReRunsOnAnyChangeAndLogstashWaitsForIt(string controlplane)
    {
        var graph = Stacks.Compile(controlplane).Graph;
        var input = graph["elasticsearch-setup-input"];
        var job = graph["elasticsearch-setup-job"];

        // A changed input replaces the immutable ConfigMap, which replaces the Job: both have fixed names,
        // so the old one is deleted first (a create-then-delete fails on the name).
        Assert.Equal(new BoolValue(true), input.Properties["immutable"]);
        Assert.Contains(input, job.Options.ReplaceWith);
        Assert.True(input.Options.DeleteBeforeReplace, "the setup input is replaced create-before-delete");
        Assert.True(job.Options.DeleteBeforeReplace, "the setup Job is replaced create-before-delete");

        // Retried and idempotent: the Job retries, every call is a PUT or an overriding POST.
        Assert.True(((NumberValue)job.Properties.At("spec.backoffLimit")!).Number >= 3);
        var script = ((StringValue)((ObjectValue)input.Properties["data"]!)["setup.sh"]!).Text;
        Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex(@"^(es|kb) (DELETE|POST) /(?!api/data_views)", System.Text.RegularExpressions.RegexOptions.Multiline), script);

        // Templates and lifecycle policies exist before the first event: Logstash starts after the Job.
        Assert.Contains(job, graph["logstash"].Options.DependsOn);
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void EveryEnvironmentsDataStreamHasALifecyclePolicyThatDeletes(string controlplane)
    {
        var p = new PipelineObjects(controlplane);
        var data = (ObjectValue)p.Compiled.Graph["elasticsearch-setup-input"].Properties["data"]!;
        var environments = p.Compiled.Settings.Get(SettingsCatalog.Environments).Items;
        // Each source's retention is its own stack's setting: the controlplane's, or each environment's from its stack file.
        var retention = Stacks.EnvironmentsOf(controlplane).ToDictionary(Stacks.NameOf, id => Stacks.SettingsOf(id).Get(SettingsCatalog.LogRetentionDays), StringComparer.Ordinal);
        retention[p.Compiled.Settings.Stack] = p.Compiled.Settings.Get(SettingsCatalog.LogRetentionDays);
        var sources = environments.Append(p.Compiled.Settings.Stack);
        foreach (var stack in sources)
        {
            var text = DocumentText(data[$"ilm-{stack}.json"]!, "30");
            using var policy = JsonDocument.Parse(text);
            Assert.Equal($"{retention[stack]}d", policy.RootElement.GetProperty("policy").GetProperty("phases").GetProperty("delete").GetProperty("min_age").GetString());
            using var template = JsonDocument.Parse(DocumentText(data[$"template-{stack}.json"]!, "30"));
            Assert.Equal($"logs-{stack}", template.RootElement.GetProperty("template").GetProperty("settings").GetProperty("index.lifecycle.name").GetString());
            Assert.Equal(ElasticsearchSetup.DataStream(stack), template.RootElement.GetProperty("index_patterns")[0].GetString());

            // The data stream Logstash writes is the one the template covers.
            Assert.Contains($"data_stream_namespace => \"{stack}\"", p.Pipeline(stack), StringComparison.Ordinal);
        }

        // Never from the environment's outputs: the policy is JSON posted as elastic (StackOutputTrustPolicyTests).
        foreach (var environment in environments)
        {
            Assert.DoesNotContain(data[$"ilm-{environment}.json"]!.DescendantsAndSelf(), v => v is ReferenceValue);
        }
    }

    [Theory]
    [MemberData(nameof(ProductionControlplanes))]
    public void ProductionElasticsearchHasAQuorumOfNodes(string controlplane)
    {
        var es = new PipelineObjects(controlplane).Single("Elasticsearch");
        // One node set, or data nodes with dedicated masters (above six data nodes): the master-eligible ones
        // (node.roles absent means every role) form the quorum, and every node set keeps its data on a volume.
        var nodeSets = ((ListValue)es.At("spec.nodeSets")!).Items.Cast<ObjectValue>().ToList();
        var masterEligible = nodeSets.Where(n => (n["config"] as ObjectValue)?["node.roles"] is not ListValue roles || roles.Items.Contains(new StringValue("master")))
            .Sum(n => ((NumberValue)n["count"]!).Number);
        Assert.True(masterEligible >= 3, $"{masterEligible} master-eligible nodes");
        Assert.All(nodeSets, n => Assert.NotNull(((ObjectValue)((ListValue)n["volumeClaimTemplates"]!).Items[0]).At("spec.resources.requests.storage")));
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryPlatformNamespaceDeniesIngressByDefault(string stack)
    {
        var graph = Stacks.Compile(stack).Graph;
        var namespaces = graph.Resources.Where(r => r.Type == "kubernetes:core/v1:Namespace").Select(r => Text(r.Properties.At("metadata.name"))).ToList();
        Assert.NotEmpty(namespaces);
        foreach (var ns in namespaces)
        {
            var policy = graph.Resources.SingleOrDefault(r => r.Type == "kubernetes:networking.k8s.io/v1:NetworkPolicy"
                && r.Properties.At("metadata.namespace") == new StringValue(ns) && r.Properties.At("metadata.name") == new StringValue("default-deny-ingress"));
            Assert.True(policy is not null, $"namespace {ns} has no default-deny policy");
            // An empty pod selector selects every pod of the namespace; no rule means nothing is allowed.
            Assert.Equal(ObjectValue.Empty, policy.Properties.At("spec.podSelector"), ValueComparer.Instance);
            Assert.Equal(ListValue.Of("Ingress"), policy.Properties.At("spec.policyTypes"), ValueComparer.Instance);
            Assert.Equal(ListValue.Of(), policy.Properties.At("spec.ingress"), ValueComparer.Instance);
        }
    }

    /// <summary>The document text with the stack-output placeholders of retention filled in.</summary>
    private static string DocumentText(Value value, string retentionDays) => value switch
    {
        StringValue s => s.Text,
        InterpolatedValue i => string.Concat(i.Parts.Select(part => part switch
        {
            StringValue s => s.Text,
            ReferenceValue r when r.Path == $"outputs.{EnvironmentOutputs.LogRetentionDays}" => retentionDays,
            _ => throw new InvalidOperationException($"unexpected part {part}"),
        })),
        _ => throw new InvalidOperationException($"unexpected value {value}"),
    };
}
