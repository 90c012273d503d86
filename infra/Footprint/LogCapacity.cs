using System.Globalization;
using Infra.Components;
using Infra.Config;
using Infra.Model;

namespace Infra.Footprint;

/// <summary>
/// The controlplane's capacity model for logs, from every log source's declared <c>logVolumePerDay</c>
/// and retention (its stack file): Elasticsearch disk, nodes and shards, Logstash pods. The compile
/// checks it (<see cref="Problems"/>), <c>footprint</c> prints it and <c>footprint --fleet</c> raises
/// the settings it names, so the three cannot disagree (docs/sizing.md, "The capacity model").
/// </summary>
/// <param name="Sources">Every log source (the controlplane's own first, then the environments).</param>
/// <param name="Nodes">Data nodes (<c>elasticsearchNodes</c>).</param>
/// <param name="StorageBytesPerNode">Each data node's volume (<c>elasticsearchStorageSize</c>).</param>
/// <param name="RolloverDays">The rollover age (<c>logRolloverDays</c>).</param>
/// <param name="LogstashPods">Logstash pods (<c>logstashReplicas</c>).</param>
/// <param name="LogstashCpu">CPU request of each Logstash pod, in cores (<c>logstashCpu</c>).</param>
public sealed record LogCapacity(IReadOnlyList<LogCapacity.Source> Sources, int Nodes, decimal StorageBytesPerNode, int RolloverDays, int LogstashPods, decimal LogstashCpu)
{
    /// <summary>One log source: its stack, retention and daily volume (bytes, one copy).</summary>
    public sealed record Source(string Stack, int RetentionDays, decimal BytesPerDay);

    /// <summary>
    /// cluster.routing.allocation.disk.watermark.low (85%, Elasticsearch's default, not changed): no shard is
    /// allocated to a node above it, so the data must fit below it. The high (90%) watermark moves shards away
    /// and the flood stage (95%) makes every index read-only, which stops every pipeline.
    /// </summary>
    public const decimal LowWatermark = 0.85m;

    /// <summary>Average size of one log event as stored (bytes), to turn a daily volume into events a second.</summary>
    public const int EventBytes = 1024;

    /// <summary>The busiest hour's rate over the day's mean: logs follow traffic (a daily cycle with a peak of about three times the mean).</summary>
    public const int PeakFactor = 3;

    /// <summary>
    /// Events a second one CPU core of Logstash sustains through this project's pipeline (Kafka input, JSON
    /// codec and filter, date, mutate, Elasticsearch bulk output): an assumption to measure and replace
    /// (docs/sizing.md, "Logstash throughput"), conservative next to the few thousand events a second per
    /// core of Logstash's benchmark tool (elastic/logstash tools/benchmark-cli) for simple pipelines.
    /// </summary>
    public const int LogstashEventsPerCoreSecond = 1000;

    private const decimal GiB = 1024m * 1024 * 1024;

    private const int SecondsPerDay = 86_400;

    /// <summary>The model of a controlplane and the environments it lists.</summary>
    public static LogCapacity For(StackSettings settings, IReadOnlyList<EnvironmentFacts> environments) => new(
        [new Source(settings.Stack, settings.Get(SettingsCatalog.LogRetentionDays), KubeQuantity.Parse(settings.Get(SettingsCatalog.LogVolumePerDay))),
            .. environments.Select(e => new Source(e.Stack, e.LogRetentionDays, e.LogBytesPerDay))],
        settings.Get(SettingsCatalog.ElasticsearchNodes),
        KubeQuantity.Parse(settings.Get(SettingsCatalog.ElasticsearchStorageSize)),
        settings.Get(SettingsCatalog.LogRolloverDays),
        settings.Get(SettingsCatalog.LogstashReplicas),
        KubeQuantity.Parse(settings.Get(SettingsCatalog.LogstashCpu)));

    /// <summary>Copies of each shard at the configured nodes (a replica only with a second node).</summary>
    public int Copies => ElasticsearchShardBudget.CopiesFor(Nodes);

    /// <summary>Bytes a day all sources store (one copy).</summary>
    public decimal BytesPerDay => Sources.Sum(s => s.BytesPerDay);

    /// <summary>
    /// Disk the retained logs take with this many copies: each source's volume x (its retention + the rollover
    /// age, since an index is deleted its retention after its rollover) x copies.
    /// </summary>
    public decimal NeededBytes(int copies) => Sources.Sum(s => s.BytesPerDay * (s.RetentionDays + RolloverDays)) * copies;

    /// <summary>Disk the retained logs take at the configured nodes.</summary>
    public decimal NeededBytes() => NeededBytes(Copies);

    /// <summary>What the data nodes may fill: below the low watermark.</summary>
    public decimal UsableBytes(int nodes) => nodes * StorageBytesPerNode * LowWatermark;

    public decimal ProvisionedBytes => Nodes * StorageBytesPerNode;

    public bool DiskFits => NeededBytes() <= UsableBytes(Nodes);

    /// <summary>The shard budget of the same sources and nodes.</summary>
    public ElasticsearchShardBudget Shards =>
        ElasticsearchShardBudget.For(Nodes, RolloverDays, Sources.Select(s => (s.Stack, s.RetentionDays)).ToList());

    /// <summary>The fewest data nodes of this volume size that hold both the disk and the shards.</summary>
    public int NodesNeeded
    {
        get
        {
            var shards = Shards.NodesNeeded;
            var nodes = 1;
            while (nodes < shards || NeededBytes(ElasticsearchShardBudget.CopiesFor(nodes)) > UsableBytes(nodes))
            {
                nodes++;
            }

            return nodes;
        }
    }

    /// <summary>The smallest elasticsearchStorageSize (whole GiB) that holds the disk at the configured nodes.</summary>
    public decimal StorageGiBNeeded => Nodes == 0 ? 0 : decimal.Ceiling(NeededBytes() / (Nodes * LowWatermark) / GiB);

    /// <summary>Events a second at the busiest hour, all sources together.</summary>
    public decimal PeakEventsPerSecond => BytesPerDay / EventBytes / SecondsPerDay * PeakFactor;

    /// <summary>Events a second the configured Logstash pods sustain.</summary>
    public decimal LogstashEventsPerSecond => LogstashPods * LogstashCpu * LogstashEventsPerCoreSecond;

    /// <summary>Pods of the configured CPU that sustain the peak.</summary>
    public int LogstashPodsNeeded => LogstashCpu <= 0 ? 0 : (int)Math.Max(1, decimal.Ceiling(PeakEventsPerSecond / (LogstashCpu * LogstashEventsPerCoreSecond)));

    /// <summary>CPU per pod (in steps of 250m) with which the configured pods sustain the peak.</summary>
    public decimal LogstashCpuNeeded => LogstashPods == 0 ? 0 : decimal.Ceiling(PeakEventsPerSecond / (LogstashPods * (decimal)LogstashEventsPerCoreSecond) * 4) / 4;

    public bool LogstashFits => PeakEventsPerSecond <= LogstashEventsPerSecond;

    /// <summary>
    /// What does not fit, each naming the settings that make it fit; empty when everything does. The
    /// shard budget reports itself (<see cref="ElasticsearchShardBudget.Problem"/>).
    /// </summary>
    public IReadOnlyList<string> Problems(StackSettings settings)
    {
        var stack = settings.Stack;
        var problems = new List<string>();
        var ack = $"or, for a staged rollout, pulumi config set {SettingsCatalog.LogCapacityShortfallAcknowledged.Key} true --stack {stack} (a warning instead; Elasticsearch stops every write at its flood-stage watermark)";
        if (!DiskFits)
        {
            var biggest = string.Join(", ", Sources
                .OrderByDescending(s => s.BytesPerDay * (s.RetentionDays + RolloverDays)).ThenBy(s => s.Stack, StringComparer.Ordinal).Take(3)
                .Select(s => $"{s.Stack} {Gi(s.BytesPerDay)}Gi/day x {s.RetentionDays.ToString(CultureInfo.InvariantCulture)} days"));
            problems.Add($"stack '{stack}': the log sources' declared volume needs {Gi(NeededBytes())} GiB in Elasticsearch ({Sources.Count} sources, each logVolumePerDay x (logRetentionDays + {RolloverDays} (logRolloverDays)) days x {Copies} {(Copies == 1 ? "copy" : "copies")}), over the {Gi(UsableBytes(Nodes))} GiB below the {Percent(LowWatermark)}% low disk watermark of {Nodes} nodes x {settings.Get(SettingsCatalog.ElasticsearchStorageSize)}; fix one of: pulumi config set {SettingsCatalog.ElasticsearchNodes.Key} {NodesNeeded} --stack {stack}; pulumi config set {SettingsCatalog.ElasticsearchStorageSize.Key} {StorageGiBNeeded}Gi --stack {stack} (ECK grows volumes only where the StorageClass allows expansion); a smaller {SettingsCatalog.LogVolumePerDay.Key} or {SettingsCatalog.LogRetentionDays.Key} on the sources that take most ({biggest}); {ack}.");
        }

        if (!LogstashFits)
        {
            problems.Add($"stack '{stack}': at the busiest hour the log sources send about {Number(PeakEventsPerSecond)} events/s ({Gi(BytesPerDay)} GiB/day / {EventBytes} bytes per event x {PeakFactor} peak over mean), over the {Number(LogstashEventsPerSecond)} events/s of {LogstashPods} Logstash pods x {Number(LogstashCpu)} CPU x {LogstashEventsPerCoreSecond} events/s per core (docs/sizing.md); Kafka's lag would then grow every day until its retention deletes logs; fix one of: pulumi config set {SettingsCatalog.LogstashReplicas.Key} {LogstashPodsNeeded} --stack {stack} (at most the environments' kafkaLogPartitions); pulumi config set {SettingsCatalog.LogstashCpu.Key} {Number(LogstashCpuNeeded)} --stack {stack}; {ack}.");
        }

        return problems;
    }

    private static string Gi(decimal bytes) => Number(decimal.Round(bytes / GiB, 2));

    private static string Percent(decimal ratio) => Number(ratio * 100);

    private static string Number(decimal value) => decimal.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
