using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Footprint;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// The sizes and limits docs/log-pipeline.md and docs/sizing.md state are read from the docs and compared
/// with the rendered program of the sample stacks (a production- and a development-profile environment,
/// the controlplane): a default that changes fails here until the doc says the new number.
/// </summary>
public sealed partial class DocumentedSizesTests
{
    private const decimal GiB = 1024m * 1024 * 1024;
    private const decimal MiB = 1024m * 1024;

    private static readonly Lazy<string> Pipeline = new(() => File.ReadAllText(Path.Combine(Repo.Root, "docs", "log-pipeline.md")));
    private static readonly Lazy<string> Sizing = new(() => File.ReadAllText(Path.Combine(Repo.Root, "docs", "sizing.md")));

    private static readonly Lazy<CompiledStack> Production = new(() => Stacks.Compile(Stacks.Of(StackRole.Environment, Profile.Production).First(id => !Stacks.IsSynthetic(id))));
    private static readonly Lazy<CompiledStack> Development = new(() => Stacks.Compile(Stacks.Of(StackRole.Environment, Profile.Development).First(id => !Stacks.IsSynthetic(id))));
    private static readonly Lazy<CompiledStack> Controlplane = new(() => Stacks.Compile(Stacks.Of(StackRole.Controlplane).First(id => !Stacks.IsSynthetic(id))));

    [Fact]
    public void TheKafkaRetentionOfTheOutagesTableIsTheRenderedTopics()
    {
        var (production, development) = (Topic(Production.Value), Topic(Development.Value));
        var hours = Match(Pipeline.Value, @"`kafkaLogRetentionHours` \((\d+) / (\d+)\)");
        Assert.Equal(production.RetentionMs / 3_600_000, Number(hours[1]));
        Assert.Equal(development.RetentionMs / 3_600_000, Number(hours[2]));

        var bytes = Match(Pipeline.Value, @"`kafkaLogRetentionBytes` per partition \((\d+) GiB x (\d+) partitions / (\d+) GiB x (\d+)\)");
        Assert.Equal(production.RetentionBytes / GiB, Number(bytes[1]));
        Assert.Equal(production.Partitions, Number(bytes[2]));
        Assert.Equal(development.RetentionBytes / GiB, Number(bytes[3]));
        Assert.Equal(development.Partitions, Number(bytes[4]));

        var holds = Match(Pipeline.Value, @"writes under (\d+) GiB \(([\d.]+) GiB an hour");
        var total = production.RetentionBytes * production.Partitions / GiB;
        Assert.Equal(total, Number(holds[1]));
        Assert.Equal(total / (production.RetentionMs / 3_600_000), Number(holds[2]));
    }

    [Fact]
    public void TheLogstashQueuesOfTheDocAreTheRenderedPipelines()
    {
        var logstash = new PipelineObjects(Stacks.Of(StackRole.Controlplane).First(id => !Stacks.IsSynthetic(id))).Single("Logstash");
        var source = ((ListValue)logstash.At("spec.pipelines")!).Items.Cast<ObjectValue>().First(p => p["pipeline.id"] != new StringValue(Logstash.DeadLetterPipeline));
        Assert.Equal(LogstashMiB(PipelineObjects.Text(source["queue.max_bytes"])), Number(Match(Pipeline.Value, @"`logstashQueueSize`, (\d+)Mi")[1]));
        Assert.Equal(LogstashMiB(PipelineObjects.Text(source["dead_letter_queue.max_bytes"])), Number(Match(Pipeline.Value, @"`logstashDeadLetterQueueSize`, (\d+)Mi per pipeline in production")[1]));
        Assert.Equal(((NumberValue)source["queue.checkpoint.writes"]!).Number, Number(Match(Pipeline.Value, @"`queue.checkpoint.writes` \((\d+)\) events per pipeline")[1]));
    }

    [Fact]
    public void TheFluentBitLimitsOfTheDocAreTheRenderedConfiguration()
    {
        var (production, development) = (FluentBitConf(Production.Value), FluentBitConf(Development.Value));
        var buffer = Match(Pipeline.Value, @"`fluentBitBufferLimit` \((\S+) / (\S+)\)");
        Assert.Equal(Match(production, @"storage\.total_limit_size (\S+)")[1], buffer[1]);
        Assert.Equal(Match(development, @"storage\.total_limit_size (\S+)")[1], buffer[2]);

        var queue = Number(Match(production, @"rdkafka\.queue\.buffering\.max\.kbytes (\d+)")[1]) / 1024;
        Assert.Equal(queue, Number(Match(Pipeline.Value, @"librdkafka's queue fills \((\d+) MiB\)")[1]));

        var disk = Match(Pipeline.Value, @"`fluentBitBufferDiskSize` \(production (\S+), development (\S+)\)");
        Assert.Equal(Production.Value.Settings.Get(SettingsCatalog.FluentBitBufferDiskSize), disk[1]);
        Assert.Equal(Development.Value.Settings.Get(SettingsCatalog.FluentBitBufferDiskSize), disk[2]);
    }

    [Fact]
    [Trait("Output", "Golden")]
    public void TheSizingGuidesCapacityParagraphIsTheModelOfTheControlplane()
    {
        // Generated from the controlplane of stacks/, so adding an environment only needs the golden update.
        var compiled = Controlplane.Value;
        var capacity = LogCapacity.For(compiled.Settings, compiled.Contributions.EnvironmentFacts);
        string Gi(decimal bytes) => $"{(bytes / GiB).ToString("0.##", CultureInfo.InvariantCulture)}Gi";
        string GiBs(decimal bytes) => decimal.Round(bytes / GiB).ToString("N0", CultureInfo.InvariantCulture);
        var sources = string.Join(", ", capacity.Sources.Select(s =>
            $"{(s.Stack == compiled.Settings.Stack ? $"the controlplane's own" : s.Stack)} {Gi(s.BytesPerDay)} × ({s.RetentionDays} + {capacity.RolloverDays}) days"));
        var paragraph = $"`{compiled.Settings.Stack}`: {sources}, × {capacity.Copies} copies = {GiBs(capacity.NeededBytes())} GiB, "
            + $"{(capacity.DiskFits ? "below" : "over")} the {GiBs(capacity.EffectiveUsableBytes(capacity.Nodes))} GiB usable of {capacity.Nodes} × {compiled.Settings.Get(SettingsCatalog.ElasticsearchStorageSize)} "
            + $"(the least of: {GiBs(capacity.UsableBytes(capacity.Nodes))} GiB of the filesystems below {(capacity.SteadyFill * 100).ToString("0.##", CultureInfo.InvariantCulture)}%, the lower of the low watermark and the disk warning alert"
            + string.Concat(capacity.LossesAt(capacity.Nodes).Select(l => $"; {GiBs(capacity.UsableAfter(capacity.Nodes, l))} GiB on the {capacity.Nodes - l.NodesLost} survivors of {l.What} below the high watermark"))
            + ").\n";
        var path = Path.Combine(Repo.Root, "docs", "sizing.md");
        var text = File.ReadAllText(path);
        var block = Regex.Match(text, @"(<!-- sample capacity: [^\n]*-->\n)(.*?)(<!-- end of sample capacity -->)", RegexOptions.Singleline);
        Assert.True(block.Success, "docs/sizing.md lost its generated sample-capacity block");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1" && block.Groups[2].Value != paragraph)
        {
            File.WriteAllText(path, text[..block.Groups[2].Index] + paragraph + text[(block.Groups[2].Index + block.Groups[2].Length)..]);
            return;
        }

        Assert.True(block.Groups[2].Value == paragraph, $"docs/sizing.md's sample capacity is out of date: UPDATE_GOLDEN=1 dotnet test --filter DocumentedSizesTests\nexpected: {paragraph}");
    }

    [Fact]
    public void TheSizingGuidesShardNumbersAreTheModelAtTheDefaults()
    {
        // The shard paragraph is about environments like the default one at the production defaults (not the sample's).
        var context = new DefaultContext("x", StackRole.Environment, Profile.Production);
        var controlplane = new DefaultContext("x", StackRole.Controlplane, Profile.Production);
        var retention = (int)SettingsCatalog.LogRetentionDays.DefaultFor(context)!;
        var rollover = (int)SettingsCatalog.LogRolloverDays.DefaultFor(controlplane)!;
        var nodes = (int)SettingsCatalog.ElasticsearchNodes.DefaultFor(controlplane)!;
        Assert.Equal(nodes, Number(Match(Sizing.Value, @"At the defaults \(\d+ days, weekly rollover, (\d+) nodes\)")[1]));
        var perEnvironment = ElasticsearchShardBudget.StreamsPerSource * ElasticsearchShardBudget.IndicesPerStream(retention, rollover) * ElasticsearchShardBudget.CopiesFor(nodes);
        Assert.Equal(perEnvironment, Number(Match(Sizing.Value, @"= (\d+) shards per\s+environment")[1]));
        IReadOnlyList<(string, int)> Sources(int environments) => [.. Enumerable.Range(0, environments + 1).Select(i => ($"s{i}", retention))];
        var hundred = ElasticsearchShardBudget.For(nodes, rollover, Sources(100));
        var taken = Match(Sizing.Value, @"100 environments take ([\d,]+) of ([\d,]+) shards");
        Assert.Equal(hundred.Shards, Number(taken[1]));
        Assert.Equal(hundred.Limit, Number(taken[2]));
        var most = Enumerable.Range(1, 10_000).TakeWhile(n => ElasticsearchShardBudget.For(nodes, rollover, Sources(n - 1)).Fits).Last();
        Assert.Equal(most, Number(Match(Sizing.Value, @"nodes hold ([\d,]+) log sources \(")[1]));
    }

    private static (decimal RetentionMs, decimal RetentionBytes, decimal Partitions) Topic(CompiledStack compiled)
    {
        var topic = compiled.Graph.Resources.Where(r => r.Type == FootprintCalculator.ConfigGroupType)
            .SelectMany(r => ValueAccess.List(r.Properties, "objs").OfType<ObjectValue>())
            .Single(o => ValueAccess.Text(o, "kind") == "KafkaTopic" && ValueAccess.Text(o, "metadata", "name") == Kafka.LogsTopic);
        return (ValueAccess.Number(topic, "spec", "config", "retention.ms")!.Value, ValueAccess.Number(topic, "spec", "config", "retention.bytes")!.Value, ValueAccess.Count(topic, 0, "spec", "partitions"));
    }

    private static string FluentBitConf(CompiledStack compiled) => compiled.Graph.Documents.Single(d => d.Path == "fluent-bit/fluent-bit.conf").Content;

    private static decimal LogstashMiB(string size)
    {
        var match = Regex.Match(size, "^([0-9]+)(mb|gb)$");
        Assert.True(match.Success, size);
        return Number(match.Groups[1].Value) * (match.Groups[2].Value == "gb" ? 1024 : 1);
    }

    private static string[] Match(string text, string pattern)
    {
        var match = Regex.Match(text, pattern);
        Assert.True(match.Success, $"the doc no longer says /{pattern}/");
        return [.. match.Groups.Values.Select(g => g.Value)];
    }

    private static decimal Number(string text) => decimal.Parse(text.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static decimal Number(decimal value) => value;

    [Fact]
    public void TheDocumentedLogstashFleetSizesCountEveryPipeline()
    {
        // The queue volume and heap the docs give for 100 and 500 environments are the compile's own formulas over every
        // pipeline (each environment's, the controlplane's own, dead-letters), at the production queue sizes.
        var production = new DefaultContext("x", StackRole.Controlplane, Profile.Production);
        var queue = KubeQuantity.Parse((string)SettingsCatalog.LogstashQueueSize.DefaultFor(production)!);
        var deadLetters = KubeQuantity.Parse((string)SettingsCatalog.LogstashDeadLetterQueueSize.DefaultFor(production)!);
        string Volume(int environments) => (Logstash.RequiredVolumeBytes(Logstash.PipelinesFor(environments), queue, deadLetters) / GiB).ToString("0.##", CultureInfo.InvariantCulture);
        Assert.Contains($"{Volume(100)} GiB at 100 environments, {Volume(500)} GiB at 500", Pipeline.Value, StringComparison.Ordinal);
        Assert.Contains($"100 environments need {Volume(100)} GiB, 500 need {Volume(500)} GiB", Sizing.Value, StringComparison.Ordinal);
        var heap = (Logstash.RequiredHeapBytes(Logstash.PipelinesFor(100), floor: false) / (1024 * 1024)).ToString("N0", CultureInfo.InvariantCulture);
        Assert.Contains($"{heap} MiB estimated", Sizing.Value, StringComparison.Ordinal);

        // The pipelines production's heap floor holds, and the environments: the pipelines less the controlplane's own and dead-letters.
        var held = Enumerable.Range(1, 100_000).TakeWhile(n => Logstash.RequiredHeapBytes(n, floor: false) <= Logstash.HeapFloorMiB * 1024m * 1024).Last();
        var pipelines = Match(Sizing.Value, @"floor\s+holds (\d+) pipelines \((\d+) environments\)");
        Assert.Equal(held, int.Parse(pipelines[1], CultureInfo.InvariantCulture));
        Assert.Equal(held - Logstash.PipelinesFor(0), int.Parse(pipelines[2], CultureInfo.InvariantCulture));
    }
}
