using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Footprint;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Fleet;

/// <summary>
/// A controlplane generated with 100 environments (and 101, for the cost of one more), each with its own
/// stack file, compiled with default settings: what issue #15 requires of one controlplane for a fleet,
/// read from the generated program rather than from the sizing formulas.
/// </summary>
[Trait("Speed", "Slow")]
public sealed partial class FleetScaleTests
{
    private const int Environments = 100;
    private const decimal GiB = 1024m * 1024 * 1024;

    private static readonly Lazy<(SyntheticFleet Fleet, CompiledStack Compiled)> Hundred = new(() => Build(Environments));
    private static readonly Lazy<(SyntheticFleet Fleet, CompiledStack Compiled)> HundredAndOne = new(() => Build(Environments + 1));

    [Fact]
    public void NoVolumeOfTheControlplaneIsLargerThan200Gi()
    {
        // Every volume of every workload, Elasticsearch's data volumes included, as the footprint reads them
        // and as claimed in the rendered resources (a claim the footprint does not read is still checked).
        var (_, compiled) = Hundred.Value;
        var volumes = Volumes(compiled);
        Assert.Contains(volumes, v => v.Component == Elasticsearch.ComponentName);
        var claims = VolumeClaims.All(compiled.Graph).Where(c => c.Size is not null).ToList();
        Assert.True(claims.Count >= volumes.Count, $"{volumes.Count} volumes in the footprint, {claims.Count} sized claims in the resources");
        var over = volumes.Where(v => v.Bytes > 200 * GiB).Select(v => $"{v.Component} {v.Name}: {FootprintFormat.Bytes(v.Bytes)}")
            .Concat(claims.Where(c => KubeQuantity.Parse(c.Size!) > 200 * GiB).Select(c => c.Where))
            .ToList();
        Assert.True(over.Count == 0, $"over 200Gi at {Environments} environments: {string.Join(", ", over)}");
    }

    [Fact]
    public void TheDefaultElasticsearchStorageHoldsTheDefaultRetentionBelowTheLowWatermark()
    {
        // The fleet sized by the capacity model holds every source's declared volume for its retention below the watermark.
        var (_, compiled) = Hundred.Value;
        var estimate = FootprintCalculator.Compute(compiled, FootprintOptions.Default).Retention.Single(r => r.Component == Elasticsearch.ComponentName);
        Assert.True(estimate.Fits, $"{estimate.Formula} = {FootprintFormat.Bytes(estimate.Bytes ?? 0)}; provisioned {estimate.Provisioned}");
    }

    [Fact]
    public void LogstashStorageForOneMoreEnvironmentIsAtMostOneGiB()
    {
        var hundred = LogstashQueues(Hundred.Value.Compiled);
        var hundredAndOne = LogstashQueues(HundredAndOne.Value.Compiled);
        Assert.Equal(Logstash.PipelinesFor(Environments), hundred.Pipelines);
        Assert.Equal(Logstash.PipelinesFor(Environments + 1), hundredAndOne.Pipelines);

        // What every pod's volume must hold, over all pods: the queues and dead-letter queues of each pipeline.
        var added = hundredAndOne.AllPods - hundred.AllPods;
        Assert.True(added is > 0 and <= GiB, $"one more environment adds {FootprintFormat.Bytes(added)} of Logstash queues over all pods");
        Assert.True(hundred.Volume >= hundred.PerPod, $"the Logstash volume {FootprintFormat.Bytes(hundred.Volume)} cannot hold {FootprintFormat.Bytes(hundred.PerPod)} of queues");

        // And what is provisioned for it.
        var provisioned = Provisioned(HundredAndOne.Value.Compiled) - Provisioned(Hundred.Value.Compiled);
        Assert.True(provisioned <= GiB, $"one more environment provisions {FootprintFormat.Bytes(provisioned)} more for Logstash");
    }

    [Fact]
    public void TheLogDataStreamsShardsStayWithinTheNodesLimit()
    {
        var (fleet, compiled) = Hundred.Value;
        var elasticsearch = CustomResources(compiled, "Elasticsearch").Single();
        var nodes = ValueAccess.List(elasticsearch, "spec", "nodeSets").Sum(n => ValueAccess.Count(n, 0, "count"));
        var documents = compiled.Graph.Documents.Where(d => d.Path.StartsWith("elasticsearch/setup/", StringComparison.Ordinal)).ToList();
        var policies = documents.Where(d => Path.GetFileName(d.Path).StartsWith("ilm-", StringComparison.Ordinal)).ToList();
        var templates = documents.Where(d => Path.GetFileName(d.Path).StartsWith("template-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Environments + 1, policies.Count);

        var shards = 0;
        foreach (var policy in policies)
        {
            var stack = Path.GetFileNameWithoutExtension(policy.Path)["ilm-".Length..];
            var rollover = int.Parse(MaxAge().Match(policy.Content).Groups[1].Value, CultureInfo.InvariantCulture);
            var template = templates.Single(t => t.Path.EndsWith($"template-{stack}.json", StringComparison.Ordinal)).Content;
            var replicas = int.Parse(Replicas().Match(template).Groups[1].Value, CultureInfo.InvariantCulture);
            var retention = stack == fleet.Controlplane
                ? compiled.Settings.Get(SettingsCatalog.LogRetentionDays)
                : SettingsBinder.Bind(StackFileReader.Read(fleet.Root, stack), secretsMustBeEncrypted: true).Get(SettingsCatalog.LogRetentionDays);

            // Backing indices alive at most: the write index, those rolled over within the retention, one due for deletion.
            // Every data stream the template covers (the application logs and Fluent Bit's own).
            var streams = IndexPatterns().Match(template).Groups[1].Value.Split(',').Length;
            Assert.True(streams >= 1, template);
            shards += streams * ((retention / rollover) + 2) * ElasticsearchShardBudget.PrimaryShards * (1 + replicas);
        }

        shards += ElasticsearchShardBudget.ReservedShards;
        Assert.True(shards <= nodes * ElasticsearchShardBudget.MaxShardsPerNode,
            $"{shards} shards at {Environments} environments, over {nodes} nodes x {ElasticsearchShardBudget.MaxShardsPerNode}");
    }

    [Fact]
    public void TheFederationScrapeOfAHundredEnvironmentsKeepsTwoSamplesInAFiveMinuteWindow()
    {
        var jobs = Hundred.Value.Compiled.Graph.Documents.Single(d => d.Path == "prometheus/federation.yaml").Content;
        var intervals = Interval().Matches(jobs).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var timeouts = Timeout().Matches(jobs).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Environments, intervals.Count);
        Assert.All(intervals, i => Assert.True(i <= 150, $"scrape interval {i}s leaves fewer than two samples in a 5m rate window"));
        Assert.All(timeouts, t => Assert.True(t < Federation.GatewayReadTimeoutSeconds && t < intervals[0], $"scrape timeout {t}s"));
        Assert.True(Environments * (decimal)Federation.SeriesPerEnvironment / intervals[0] <= Federation.SamplesPerSecondBudget);
    }

    [Fact]
    public void AnEnvironmentWithFewerPartitionsThanLogstashPodsIsRefusedWithTheFix()
    {
        using var fleet = new SyntheticFleet(2,
            (i, config) => SyntheticFleet.Set(config, SettingsCatalog.KafkaLogPartitions.Key, i == 0 ? "2" : "3"),
            new Dictionary<string, string> { [SettingsCatalog.LogstashReplicas.Key] = "3" });
        var error = Assert.Throws<CompilationException>(() => fleet.Compile());
        var message = string.Join("\n", error.Problems);
        Assert.Contains($"{fleet.Names[0]} (2, stacks/Pulumi.{fleet.Names[0]}.yaml)", message, StringComparison.Ordinal);
        Assert.DoesNotContain($"{fleet.Names[1]} (", message, StringComparison.Ordinal);
        Assert.Contains($"pulumi config set {SettingsCatalog.KafkaLogPartitions.Key} 3 --stack <each of them>", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALogstashHeapBelowThePipelinesEstimateIsRefusedWithTheMemoryThatFits()
    {
        // 1Gi gives a 512 MiB heap: below the estimate for any pipeline count; the named memory compiles.
        using var fleet = new SyntheticFleet(3, controlplane: new Dictionary<string, string> { [SettingsCatalog.LogstashMemory.Key] = "1Gi" });
        var error = Assert.Throws<CompilationException>(() => fleet.Compile());
        var message = string.Join("\n", error.Problems);
        var fix = Regex.Match(message, $"pulumi config set {Regex.Escape(SettingsCatalog.LogstashMemory.Key)} ([0-9]+(Mi|Gi))");
        Assert.True(fix.Success, message);
        Assert.Equal(Logstash.RequiredMemory(Logstash.PipelinesFor(fleet.Names.Count)), fix.Groups[1].Value);
        Assert.True(KubeQuantity.Parse(fix.Groups[1].Value) / 2 >= Logstash.RequiredHeapBytes(Logstash.PipelinesFor(fleet.Names.Count)), fix.Groups[1].Value);

        using var fixedFleet = new SyntheticFleet(3, controlplane: new Dictionary<string, string> { [SettingsCatalog.LogstashMemory.Key] = fix.Groups[1].Value });
        fixedFleet.Compile();
    }

    [Fact]
    public void AShardBudgetExceededNamesNodesAndRolloverThatFit()
    {
        // Ten years of logs in each environment on one node: far over 1000 shards (little volume, so the disk fits).
        using var fleet = new SyntheticFleet(3,
            (_, config) => TenYearsOfLittle(config),
            new Dictionary<string, string> { [SettingsCatalog.ElasticsearchNodes.Key] = "1" });
        var error = Assert.Throws<CompilationException>(() => fleet.Compile());
        var message = string.Join("\n", error.Problems);
        Assert.Contains("cluster.max_shards_per_node", message, StringComparison.Ordinal);
        Assert.Contains($"{fleet.Names[0]} 3650 days", message, StringComparison.Ordinal);

        // Each suggested fix, applied alone, makes the same fleet compile.
        foreach (var setting in new[] { SettingsCatalog.ElasticsearchNodes, SettingsCatalog.LogRolloverDays })
        {
            var fix = Regex.Match(message, $"pulumi config set {Regex.Escape(setting.Key)} ([0-9]+)");
            Assert.True(fix.Success, $"no fix for {setting.Key} in: {message}");
            using var fixedFleet = new SyntheticFleet(3,
                (_, config) => TenYearsOfLittle(config),
                new Dictionary<string, string> { [SettingsCatalog.ElasticsearchNodes.Key] = "1", [setting.Key] = fix.Groups[1].Value });
            fixedFleet.Compile();
        }
    }

    private static void TenYearsOfLittle(YamlDotNet.RepresentationModel.YamlMappingNode config)
    {
        SyntheticFleet.Set(config, SettingsCatalog.LogRetentionDays.Key, "3650");
        SyntheticFleet.Set(config, SettingsCatalog.LogVolumePerDay.Key, "1Mi");
    }

    private static (SyntheticFleet Fleet, CompiledStack Compiled) Build(int environments)
    {
        // Sized as the compile requires for the pipelines and the capacity model (the what-if raises them the same way).
        var fleet = new SyntheticFleet(environments, controlplane: new Dictionary<string, string>
        {
            [SettingsCatalog.LogstashMemory.Key] = Logstash.RequiredMemory(Logstash.PipelinesFor(environments)),
        });
        fleet.SetControlplane(SettingsCatalog.ElasticsearchNodes.Key, fleet.Capacity().NodesNeeded.ToString(CultureInfo.InvariantCulture));
        if (!fleet.Capacity().LogstashFits)
        {
            fleet.SetControlplane(SettingsCatalog.LogstashCpu.Key, FootprintFormat.Cpu(fleet.Capacity().LogstashCpuNeeded));
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => fleet.Dispose();
        return (fleet, fleet.Compile());
    }

    private static List<(string Component, string Name, decimal Bytes)> Volumes(CompiledStack compiled) =>
        FootprintCalculator.Compute(compiled, FootprintOptions.Default).Workloads
            .SelectMany(w => w.Volumes.Select(v => (w.Component, $"{w.Name}/{v.Name}", v.Bytes)))
            .OrderBy(v => v.Item2, StringComparer.Ordinal)
            .ToList();

    private static decimal Provisioned(CompiledStack compiled) =>
        FootprintCalculator.Compute(compiled, FootprintOptions.Default).Workloads
            .Where(w => w.Component == Logstash.ComponentName).Sum(w => w.StorageBytesPerPod * w.Pods(FootprintOptions.DefaultNodes));

    /// <summary>From the Logstash resource: its pipelines, the bytes their queues may take per pod and over all pods, and the volume.</summary>
    private static (int Pipelines, decimal PerPod, decimal AllPods, decimal Volume) LogstashQueues(CompiledStack compiled)
    {
        var logstash = CustomResources(compiled, "Logstash").Single();
        var pipelines = ValueAccess.List(logstash, "spec", "pipelines").OfType<ObjectValue>().ToList();
        // The dead-letter pipeline has a queue and no dead-letter queue of its own.
        var perPod = pipelines.Sum(p => LogstashBytes(ValueAccess.Text(p, "queue.max_bytes")!) + (ValueAccess.Text(p, "dead_letter_queue.max_bytes") is { } d ? LogstashBytes(d) : 0));
        var pods = ValueAccess.Count(logstash, 1, "spec", "count");
        var volume = ValueAccess.List(logstash, "spec", "volumeClaimTemplates").OfType<ObjectValue>().Sum(v => ValueAccess.Quantity(v, "spec", "resources", "requests", "storage") ?? 0m);
        return (pipelines.Count, perPod, perPod * pods, volume);
    }

    private static IEnumerable<ObjectValue> CustomResources(CompiledStack compiled, string kind) => compiled.Graph.Resources
        .Where(r => r.Type == FootprintCalculator.ConfigGroupType)
        .SelectMany(r => ValueAccess.List(r.Properties, "objs").OfType<ObjectValue>())
        .Where(o => ValueAccess.Text(o, "kind") == kind);

    /// <summary>Logstash's byte units ("8gb", "128mb") are powers of 1024.</summary>
    private static decimal LogstashBytes(string size)
    {
        var match = LogstashSize().Match(size);
        Assert.True(match.Success, $"unexpected Logstash size '{size}'");
        var power = match.Groups[2].Value switch { "kb" => 1, "mb" => 2, _ => 3 };
        return decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * (decimal)Math.Pow(1024, power);
    }

    [GeneratedRegex("^([0-9]+)(kb|mb|gb)$")]
    private static partial Regex LogstashSize();

    [GeneratedRegex("\"max_age\":\\s*\"([0-9]+)d\"")]
    private static partial Regex MaxAge();

    [GeneratedRegex("\"index_patterns\":\\s*\\[([^\\]]*)\\]")]
    private static partial Regex IndexPatterns();

    [GeneratedRegex("\"index.number_of_replicas\":\\s*([0-9]+)")]
    private static partial Regex Replicas();

    [GeneratedRegex("scrape_interval: \"?([0-9]+)s")]
    private static partial Regex Interval();

    [GeneratedRegex("scrape_timeout: \"?([0-9]+)s")]
    private static partial Regex Timeout();
}
