using System.Globalization;
using Infra.Config;
using Infra.Model;

namespace Infra.Components;

/// <summary>
/// The controlplane's capacity model for logs, from every log source's declared <c>logVolumePerDay</c>,
/// retention and partitions (its stack file): Elasticsearch disk (also after losing a data node or a zone),
/// memory, nodes and shards, Logstash pods (also with one pod lost). The compile checks it
/// (<see cref="Problems"/>), <c>footprint</c> prints it and <c>footprint --fleet</c> raises the settings it
/// names, so the three cannot disagree (docs/sizing.md, "The capacity model").
/// </summary>
/// <param name="Sources">Every log source (the controlplane's own first, then the environments).</param>
/// <param name="Nodes">Data nodes (<c>elasticsearchNodes</c>).</param>
/// <param name="StorageBytesPerNode">Each data node's volume (<c>elasticsearchStorageSize</c>).</param>
/// <param name="RolloverDays">The rollover age (<c>logRolloverDays</c>).</param>
/// <param name="LogstashPods">Logstash pods (<c>logstashReplicas</c>).</param>
/// <param name="LogstashCpu">CPU request of each Logstash pod, in cores (<c>logstashCpu</c>).</param>
/// <param name="Zones">Zones the data nodes spread over (<c>elasticsearchZones</c>).</param>
/// <param name="EventsPerCore">Events a second one core of Logstash sustains (<c>logstashEventsPerCore</c>).</param>
/// <param name="MemoryBytesPerNode">Each data node's memory (<c>elasticsearchMemory</c>); 0 leaves the ratio unchecked.</param>
/// <param name="BytesPerEvent">Average bytes of one stored event (<c>logEventBytes</c>).</param>
/// <param name="PeakOverMean">The busiest hour's rate over the day's mean (<c>logPeakOverMean</c>).</param>
/// <param name="Workers">Worker threads of each pipeline on each pod (<c>logstashPipelineWorkers</c>).</param>
/// <param name="SteadyFill">
/// The share of a data node's filesystem the steady state may fill: the low watermark, or the disk warning alert's
/// threshold (<c>elasticsearchDiskUsedWarningPercent</c>) when lower, so that a cluster that fits raises no alert.
/// </param>
public sealed record LogCapacity(IReadOnlyList<LogCapacity.Source> Sources, int Nodes, decimal StorageBytesPerNode, int RolloverDays, int LogstashPods, decimal LogstashCpu,
    int Zones = 1, int EventsPerCore = LogCapacity.DefaultEventsPerCore, decimal MemoryBytesPerNode = 0, decimal SteadyFill = LogCapacity.LowWatermark, int Workers = LogCapacity.DefaultWorkers,
    int BytesPerEvent = LogCapacity.EventBytes, int PeakOverMean = LogCapacity.PeakFactor)
{
    /// <summary>One log source: its stack, retention, daily volume (bytes, one copy), its logs topic's partitions and its longest line (fluentBitMaxLineSize).</summary>
    public sealed record Source(string Stack, int RetentionDays, decimal BytesPerDay, int Partitions = 1, long MaxLineBytes = EnvironmentFacts.DefaultMaxLineBytes);

    /// <summary>A failure the data nodes must survive: what is lost and how many data nodes that takes.</summary>
    public sealed record Loss(string What, int NodesLost);

    /// <summary>
    /// cluster.routing.allocation.disk.watermark.low (85%, Elasticsearch's default, not changed): no replica is
    /// allocated to a node above it, so the steady state must fit below it.
    /// </summary>
    public const decimal LowWatermark = 0.85m;

    /// <summary>
    /// cluster.routing.allocation.disk.watermark.high (90%, the default): Elasticsearch moves shards away from a
    /// node above it and allocates none that would take a node over it. After a lost node or zone, the
    /// survivors must hold the re-replicated copies below it (at the flood stage, 95%, every index on the
    /// node becomes read-only and every pipeline stops).
    /// </summary>
    public const decimal HighWatermark = 0.90m;

    /// <summary>
    /// The share of a volume its filesystem offers: Elasticsearch computes the watermarks on the filesystem's size,
    /// which ext4 (the EBS CSI driver's default) makes about 1.5-2% smaller than a 200Gi volume (inode tables, journal).
    /// </summary>
    public const decimal FilesystemShare = 0.97m;

    /// <summary>
    /// GiB of disk per GiB of memory for hot data (indices being written) and for warm data (read-only, searched
    /// less): Elastic's common target ratios, the defaults of its AutoOps memory-to-disk insights (docs/sizing.md).
    /// </summary>
    public const int HotDiskPerMemory = 30;

    public const int WarmDiskPerMemory = 160;

    /// <summary>The default of <c>logEventBytes</c>: average size of one log event as stored (bytes), to turn a daily volume into events a second.</summary>
    public const int EventBytes = 1024;

    /// <summary>The default of <c>logPeakOverMean</c>: logs follow traffic (a daily cycle with a peak of about three times the mean).</summary>
    public const int PeakFactor = 3;

    /// <summary>
    /// The default of <c>logstashEventsPerCore</c>: an assumption, conservative next to the published figures
    /// for a JSON filter on one worker (docs/sizing.md, "Logstash throughput"); measure and set it.
    /// </summary>
    public const int DefaultEventsPerCore = 1000;

    /// <summary>The default of <c>logstashPipelineWorkers</c>.</summary>
    public const int DefaultWorkers = 2;

    /// <summary>The most <c>logstashPipelineWorkers</c> the setting takes.</summary>
    public const int MostWorkers = 16;

    private const decimal GiB = 1024m * 1024 * 1024;

    private const int SecondsPerDay = 86_400;

    /// <summary>The model of a controlplane and the environments it lists.</summary>
    public static LogCapacity For(StackSettings settings, IReadOnlyList<EnvironmentFacts> environments) => new(
        [new Source(settings.Stack, settings.Get(SettingsCatalog.LogRetentionDays), KubeQuantity.Parse(settings.Get(SettingsCatalog.LogVolumePerDay)), settings.Get(SettingsCatalog.KafkaLogPartitions), FluentBit.MaxLineBytes(settings)),
            .. environments.Select(e => new Source(e.Stack, e.LogRetentionDays, e.LogBytesPerDay, e.KafkaLogPartitions, e.MaxLineBytes))],
        settings.Get(SettingsCatalog.ElasticsearchNodes),
        KubeQuantity.Parse(settings.Get(SettingsCatalog.ElasticsearchStorageSize)),
        settings.Get(SettingsCatalog.LogRolloverDays),
        settings.Get(SettingsCatalog.LogstashReplicas),
        KubeQuantity.Parse(settings.Get(SettingsCatalog.LogstashCpu)),
        settings.Get(SettingsCatalog.ElasticsearchZones),
        settings.Get(SettingsCatalog.LogstashEventsPerCore),
        KubeQuantity.Parse(settings.Get(SettingsCatalog.ElasticsearchMemory)),
        Math.Min(LowWatermark, settings.Get(SettingsCatalog.AlertThresholdValues).Get(Thresholds.ElasticsearchDiskUsedWarningPercent, settings.Profile) / 100),
        settings.Get(SettingsCatalog.LogstashPipelineWorkers),
        settings.Get(SettingsCatalog.LogEventBytes),
        settings.Get(SettingsCatalog.LogPeakOverMean));

    // --- Elasticsearch disk --------------------------------------------------------------------------

    /// <summary>Copies of each shard at the configured nodes (a replica only with a second node).</summary>
    public int Copies => ElasticsearchShardBudget.CopiesFor(Nodes);

    /// <summary>Bytes a day all sources store (one copy).</summary>
    public decimal BytesPerDay => Sources.Sum(s => s.BytesPerDay);

    /// <summary>One copy of the retained logs: each source's volume x (its retention + the rollover age, since an index is deleted its retention after its rollover).</summary>
    public decimal OneCopyBytes => Sources.Sum(s => s.BytesPerDay * (s.RetentionDays + RolloverDays));

    /// <summary>Disk the retained logs take with this many copies.</summary>
    public decimal NeededBytes(int copies) => OneCopyBytes * copies;

    /// <summary>Disk the retained logs take at the configured nodes.</summary>
    public decimal NeededBytes() => NeededBytes(Copies);

    /// <summary>What the data nodes may fill in the steady state: their filesystems below the low watermark and the disk warning alert.</summary>
    public decimal UsableBytes(int nodes) => nodes * StorageBytesPerNode * FilesystemShare * SteadyFill;

    public decimal ProvisionedBytes => Nodes * StorageBytesPerNode;

    /// <summary>
    /// The failures this many data nodes must survive with every copy re-replicated below the high watermark:
    /// one data node (with more than one), and one zone (with more zones than one and more than one node in a zone).
    /// </summary>
    public IReadOnlyList<Loss> LossesAt(int nodes)
    {
        var losses = new List<Loss>();
        if (nodes > 1)
        {
            losses.Add(new Loss("one data node", 1));
        }

        var perZone = Zones > 1 && nodes >= Zones ? (int)Math.Ceiling(nodes / (decimal)Zones) : 0;
        if (perZone > 1)
        {
            losses.Add(new Loss($"one zone ({perZone} data nodes)", perZone));
        }

        return losses;
    }

    /// <summary>
    /// What the survivors of a loss must hold: every copy that still has a node to go to (Elasticsearch never
    /// puts two copies of a shard on one node, so with one survivor only one copy is rebuilt).
    /// </summary>
    public decimal NeededAfter(int nodes, Loss loss) => OneCopyBytes * Math.Min(ElasticsearchShardBudget.CopiesFor(nodes), nodes - loss.NodesLost);

    /// <summary>What the survivors of a loss may fill: below the high watermark.</summary>
    public decimal UsableAfter(int nodes, Loss loss) => (nodes - loss.NodesLost) * StorageBytesPerNode * FilesystemShare * HighWatermark;

    /// <summary>
    /// What all copies may take at this many nodes under every rule (the steady state below the low watermark,
    /// each loss below the high watermark), in the terms of <see cref="NeededBytes(int)"/>: the footprint's usable storage.
    /// </summary>
    public decimal EffectiveUsableBytes(int nodes)
    {
        var copies = ElasticsearchShardBudget.CopiesFor(nodes);
        return LossesAt(nodes)
            .Select(l => UsableAfter(nodes, l) * copies / Math.Min(copies, nodes - l.NodesLost))
            .Append(UsableBytes(nodes))
            .Min();
    }

    /// <summary>The disk holds the logs at this many nodes, in the steady state and after each loss.</summary>
    public bool DiskFitsAt(int nodes) =>
        NeededBytes(ElasticsearchShardBudget.CopiesFor(nodes)) <= UsableBytes(nodes) && LossesAt(nodes).All(l => NeededAfter(nodes, l) <= UsableAfter(nodes, l));

    public bool DiskFits => DiskFitsAt(Nodes);

    /// <summary>A node count the zones allow: one node, or with several zones a multiple of them (the same count in each zone).</summary>
    public bool ZoneLayoutAllows(int nodes) => nodes == 1 || Zones <= 1 || nodes % Zones == 0;

    /// <summary>The shard budget of the same sources and nodes.</summary>
    public ElasticsearchShardBudget Shards =>
        ElasticsearchShardBudget.For(Nodes, RolloverDays, Sources.Select(s => (s.Stack, s.RetentionDays)).ToList());

    /// <summary>The fewest data nodes of this volume size, in a layout the zones allow, that hold the disk (also after each loss) and the shards.</summary>
    public int NodesNeeded
    {
        get
        {
            var shards = Shards.NodesNeeded;
            var nodes = 1;
            while (nodes < shards || !ZoneLayoutAllows(nodes) || !DiskFitsAt(nodes))
            {
                nodes++;
            }

            return nodes;
        }
    }

    /// <summary>The smallest elasticsearchStorageSize (whole GiB) that holds the disk at the configured nodes, also after each loss.</summary>
    public decimal StorageGiBNeeded => Nodes == 0 ? 0 : decimal.Ceiling(LossesAt(Nodes)
        .Select(l => NeededAfter(Nodes, l) / ((Nodes - l.NodesLost) * FilesystemShare * HighWatermark))
        .Append(NeededBytes() / (Nodes * FilesystemShare * SteadyFill))
        .Max() / GiB);

    // --- Elasticsearch memory ----------------------------------------------------------------------------

    /// <summary>The share of the retained logs in indices still being written (each source's last rollover age): hot data.</summary>
    public decimal HotShare => OneCopyBytes == 0 ? 1 : Sources.Sum(s => s.BytesPerDay * RolloverDays) / OneCopyBytes;

    /// <summary>
    /// GiB of disk a data node may carry per GiB of memory: its data is hot for <see cref="HotShare"/> (1:30) and
    /// warm for the rest (1:160), so its memory must cover hot/30 + warm/160 of its disk.
    /// </summary>
    public decimal MaxDiskPerMemory => 1 / ((HotShare / HotDiskPerMemory) + ((1 - HotShare) / WarmDiskPerMemory));

    public decimal DiskPerMemory => MemoryBytesPerNode <= 0 ? 0 : StorageBytesPerNode / MemoryBytesPerNode;

    public bool MemoryFits => MemoryBytesPerNode <= 0 || DiskPerMemory <= MaxDiskPerMemory;

    /// <summary>The smallest elasticsearchMemory (whole GiB) for the configured volume.</summary>
    public decimal MemoryGiBNeeded => decimal.Ceiling(StorageBytesPerNode / MaxDiskPerMemory / GiB);

    /// <summary>The largest elasticsearchStorageSize (whole GiB) for the configured memory.</summary>
    public decimal StorageGiBForMemory => decimal.Floor(MemoryBytesPerNode * MaxDiskPerMemory / GiB);

    // --- Logstash ----------------------------------------------------------------------------------------

    /// <summary>Events a second at the busiest hour, all sources together.</summary>
    public decimal PeakEventsPerSecond => Sources.Sum(Peak);

    /// <summary>
    /// Pods lost at once: one (a rolling update, a drained node), or with several zones a whole zone's, which the
    /// required spread (maxSkew 1) bounds by ⌈pods / zones⌉ (4 pods over 3 zones: 2).
    /// </summary>
    public int LostPods(int pods) => Zones > 1 ? (int)Math.Ceiling(pods / (decimal)Zones) : 1;

    /// <summary>Pods consuming while <see cref="LostPods"/> are lost; a single pod is all there is.</summary>
    public int ServingPods(int pods) => Math.Max(1, pods - LostPods(pods));

    /// <summary>
    /// The share of a topic's events the busiest of <paramref name="pods"/> consumers takes: Kafka gives each
    /// partition to one member of the group, so at most <paramref name="partitions"/> pods consume (the rest
    /// idle) and the busiest holds ⌈partitions / consumers⌉ of them.
    /// </summary>
    public static decimal BusiestShare(int partitions, int pods)
    {
        var consumers = Math.Max(1, Math.Min(pods, partitions));
        return Math.Ceiling(partitions / (decimal)consumers) / partitions;
    }

    /// <summary>
    /// Events a second the busiest pod must process at the busiest hour with one of <paramref name="pods"/> lost:
    /// from each topic its busiest share (partition assignment differs per consumer group, so this is the bound).
    /// </summary>
    public decimal BusiestPodEventsPerSecond(int pods) => Sources.Sum(s => Peak(s) * BusiestShare(s.Partitions, ServingPods(pods)));

    /// <summary>Events a second one pod of the configured CPU sustains.</summary>
    public decimal PodEventsPerSecond => LogstashCpu * EventsPerCore;

    public bool LogstashFits => BusiestPodEventsPerSecond(LogstashPods) <= PodEventsPerSecond && PipelinesFit;

    /// <summary>
    /// Events a second one source's pipeline on the busiest pod must process at its busiest hour with pods lost: a
    /// pipeline runs its filters and outputs on at most <see cref="Workers"/> threads, whatever the pod's CPU.
    /// </summary>
    public decimal PipelineEventsPerSecond(Source source, int pods) => Peak(source) * BusiestShare(source.Partitions, ServingPods(pods));

    /// <summary>Events a second one pipeline sustains: its workers, each at most a core (and no more cores than the pod has).</summary>
    public decimal PipelineCeiling => Math.Min(Workers, LogstashCpu) * EventsPerCore;

    /// <summary>The source whose pipeline is busiest on one pod at the configured pods.</summary>
    public Source? BusiestPipeline => Sources.OrderByDescending(s => PipelineEventsPerSecond(s, LogstashPods)).ThenBy(s => s.Stack, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>Every source's pipeline holds its busiest hour with pods lost.</summary>
    public bool PipelinesFit => BusiestPipeline is not { } busiest || PipelineEventsPerSecond(busiest, LogstashPods) <= PipelineCeiling;

    /// <summary>Workers per pipeline (each needing a core) that hold the busiest pipeline; above <see cref="MostWorkers"/> none do.</summary>
    public int WorkersNeeded => BusiestPipeline is not { } busiest ? Workers
        : Math.Max(Workers, (int)Math.Ceiling(PipelineEventsPerSecond(busiest, LogstashPods) / EventsPerCore));

    /// <summary>The most Logstash pods that all consume every topic: the fewest partitions of any source (more would idle).</summary>
    public int MostLogstashPods => Math.Max(1, Sources.Select(s => s.Partitions).DefaultIfEmpty(1).Min());

    /// <summary>CPU per pod (in steps of 250m) with which this many pods hold the busiest hour with one lost.</summary>
    public decimal LogstashCpuNeededAt(int pods) => Math.Max(0.25m, decimal.Ceiling(BusiestPodEventsPerSecond(pods) / EventsPerCore * 4) / 4);

    /// <summary>CPU per pod with which the configured pods hold the busiest hour with one lost.</summary>
    public decimal LogstashCpuNeeded => LogstashCpuNeededAt(LogstashPods);

    /// <summary>
    /// The fewest pods of the configured CPU, from the configured count up to <see cref="MostLogstashPods"/>, that hold the
    /// busiest hour with one lost; 0 when no such count does (then only more CPU per pod helps).
    /// </summary>
    public int LogstashPodsNeeded => Enumerable.Range(LogstashPods, Math.Max(0, MostLogstashPods - LogstashPods + 1))
        .FirstOrDefault(p => BusiestPodEventsPerSecond(p) <= PodEventsPerSecond);

    /// <summary>
    /// The pods (from the configured count up to <see cref="MostLogstashPods"/>) and CPU per pod that hold the busiest hour
    /// with one pod lost at the least CPU in all (fewer pods on a tie): what the fleet what-if raises.
    /// </summary>
    public (int Pods, decimal Cpu) CheapestLogstash => Enumerable.Range(LogstashPods, Math.Max(1, MostLogstashPods - LogstashPods + 1))
        .Select(p => (Pods: p, Cpu: Math.Max(LogstashCpu, LogstashCpuNeededAt(p))))
        .OrderBy(x => x.Pods * x.Cpu).ThenBy(x => x.Pods)
        .First();

    // --- The compile's verdict -----------------------------------------------------------------------------

    /// <summary>
    /// What does not fit, each naming the settings that make it fit; empty when everything does. The
    /// shard budget reports itself (<see cref="ElasticsearchShardBudget.Problem"/>), the zone layout too (<see cref="LayoutProblem"/>).
    /// </summary>
    public IReadOnlyList<string> Problems(StackSettings settings)
    {
        var stack = settings.Stack;
        var problems = new List<string>();
        var ack = $"or, for a staged rollout, pulumi config set {SettingsCatalog.LogCapacityShortfallAcknowledged.Key} true --stack {stack} (a warning instead; Elasticsearch stops every write at its flood-stage watermark)";
        var biggest = string.Join(", ", Sources
            .OrderByDescending(s => s.BytesPerDay * (s.RetentionDays + RolloverDays)).ThenBy(s => s.Stack, StringComparer.Ordinal).Take(3)
            .Select(s => $"{s.Stack} {Gi(s.BytesPerDay)}Gi/day x {s.RetentionDays.ToString(CultureInfo.InvariantCulture)} days"));
        var diskFixes = $"fix one of: pulumi config set {SettingsCatalog.ElasticsearchNodes.Key} {NodesNeeded} --stack {stack}; pulumi config set {SettingsCatalog.ElasticsearchStorageSize.Key} {StorageGiBNeeded}Gi --stack {stack} (ECK grows volumes only where the StorageClass allows expansion); a smaller {SettingsCatalog.LogVolumePerDay.Key} or {SettingsCatalog.LogRetentionDays.Key} on the sources that take most ({biggest}); {ack}.";
        var copies = $"{Copies} {(Copies == 1 ? "copy" : "copies")}";
        if (NeededBytes() > UsableBytes(Nodes))
        {
            problems.Add($"stack '{stack}': the log sources' declared volume needs {Gi(NeededBytes())} GiB in Elasticsearch ({Sources.Count} sources, each logVolumePerDay x (logRetentionDays + {RolloverDays} (logRolloverDays)) days x {copies}), over the {Gi(UsableBytes(Nodes))} GiB it may fill on {Nodes} nodes x {settings.Get(SettingsCatalog.ElasticsearchStorageSize)} ({Percent(FilesystemShare)}% of a volume is filesystem, filled to {Percent(SteadyFill)}%: the {Percent(LowWatermark)}% low disk watermark or the disk warning alert's {Thresholds.ElasticsearchDiskUsedWarningPercent.Name}, the lower); {diskFixes}");
        }
        else if (LossesAt(Nodes).FirstOrDefault(l => NeededAfter(Nodes, l) > UsableAfter(Nodes, l)) is { } loss)
        {
            var zones = loss.What.StartsWith("one zone", StringComparison.Ordinal) ? $" ({Nodes} nodes over {Zones} zones, {SettingsCatalog.ElasticsearchZones.Key})" : string.Empty;
            problems.Add($"stack '{stack}': after losing {loss.What}{zones}, Elasticsearch re-replicates its shards onto the {Nodes - loss.NodesLost} surviving data nodes, which must then hold {Gi(NeededAfter(Nodes, loss))} GiB ({Sources.Count} sources' logVolumePerDay x (logRetentionDays + {RolloverDays}) days x {copies}), over the {Gi(UsableAfter(Nodes, loss))} GiB below their {Percent(HighWatermark)}% high disk watermark ({Nodes - loss.NodesLost} x {settings.Get(SettingsCatalog.ElasticsearchStorageSize)}, {Percent(FilesystemShare)}% of it filesystem): shards would stay unassigned and the survivors fill towards the flood stage, where every write stops; {diskFixes}");
        }

        if (!MemoryFits)
        {
            problems.Add($"stack '{stack}': each Elasticsearch data node carries {Number(DiskPerMemory)} GiB of disk per GiB of memory ({settings.Get(SettingsCatalog.ElasticsearchStorageSize)} / {settings.Get(SettingsCatalog.ElasticsearchMemory)}), over the {Number(MaxDiskPerMemory)} its data allows: {Percent(HotShare)}% of the retained logs are hot (written within {RolloverDays} days, 1 GiB of memory per {HotDiskPerMemory} GiB of disk) and the rest warm (1 per {WarmDiskPerMemory}), Elastic's sizing ratios (docs/sizing.md); searches and indexing would run short of heap and page cache; fix one of: pulumi config set {SettingsCatalog.ElasticsearchMemory.Key} {MemoryGiBNeeded}Gi --stack {stack}; pulumi config set {SettingsCatalog.ElasticsearchStorageSize.Key} {StorageGiBForMemory}Gi --stack {stack} with more {SettingsCatalog.ElasticsearchNodes.Key} (an existing volume cannot shrink); {ack}.");
        }

        if (BusiestPodEventsPerSecond(LogstashPods) > PodEventsPerSecond)
        {
            var pods = LogstashPodsNeeded > 0
                ? $"pulumi config set {SettingsCatalog.LogstashReplicas.Key} {LogstashPodsNeeded} --stack {stack}; "
                : string.Empty;
            problems.Add($"stack '{stack}': at the busiest hour the log sources send about {Number(PeakEventsPerSecond)} events/s ({Gi(BytesPerDay)} GiB/day / {BytesPerEvent} bytes per event ({SettingsCatalog.LogEventBytes.Key}) x {PeakOverMean} peak over mean ({SettingsCatalog.LogPeakOverMean.Key})); with {Lost(LogstashPods)} the busiest pod takes about {Number(BusiestPodEventsPerSecond(LogstashPods))} events/s (each topic's partitions over {ServingPods(LogstashPods)} pods, the busiest holding the most), over the {Number(PodEventsPerSecond)} events/s of {Number(LogstashCpu)} CPU x {EventsPerCore} events/s per core ({SettingsCatalog.LogstashEventsPerCore.Key}, docs/sizing.md); Kafka's lag would then grow until its retention deletes logs; fix one of: {pods}pulumi config set {SettingsCatalog.LogstashCpu.Key} {Number(LogstashCpuNeeded)} --stack {stack} (pods beyond the fewest partitions of any source, {MostLogstashPods}, would idle: kafkaLogPartitions); {ack}.");
        }

        if (!PipelinesFit && BusiestPipeline is { } busiest)
        {
            var workers = WorkersNeeded;
            var load = PipelineEventsPerSecond(busiest, LogstashPods);
            var workersFix = workers <= MostWorkers
                ? $"pulumi config set {SettingsCatalog.LogstashPipelineWorkers.Key} {workers} --stack {stack}{(LogstashCpu < workers ? $" with pulumi config set {SettingsCatalog.LogstashCpu.Key} {workers} --stack {stack} (a worker needs a core)" : string.Empty)}; "
                : string.Empty;
            problems.Add($"stack '{stack}': at its busiest hour {busiest.Stack} sends about {Number(Peak(busiest))} events/s over {busiest.Partitions} partitions; with {Lost(LogstashPods)} one pod's pipeline for it takes about {Number(load)} events/s, over the {Number(PipelineCeiling)} events/s one pipeline sustains ({Workers} workers ({SettingsCatalog.LogstashPipelineWorkers.Key}) on {Number(LogstashCpu)} CPU x {EventsPerCore} events/s per core): Logstash runs a pipeline's filters and outputs on pipeline.workers threads, so more CPU alone does not help and {busiest.Stack}'s lag would grow every peak; fix one of: {workersFix}more {SettingsCatalog.KafkaLogPartitions.Key} on {busiest.Stack} together with more {SettingsCatalog.LogstashReplicas.Key} (its partitions spread over more pods); a smaller {SettingsCatalog.LogVolumePerDay.Key} on {busiest.Stack} if it overstates; {ack}. Past that, the kafka input's one consumer thread per pipeline (consumer_threads 1, which also decodes the JSON) is the next ceiling.");
        }

        return problems;
    }

    /// <summary>How the lost pods are described: one pod, or a zone's.</summary>
    private string Lost(int pods) => Zones > 1 && LostPods(pods) > 1
        ? $"a zone's {LostPods(pods)} of the {pods} Logstash pods lost (spread over {Zones} zones, {SettingsCatalog.ElasticsearchZones.Key})"
        : $"one of the {pods} Logstash pods lost (a rolling update, a drained node, a zone)";

    /// <summary>
    /// The data nodes must fill every zone alike: ECK spreads them with maxSkew 1 and shard allocation awareness
    /// leaves replicas unassigned when the zones are unbalanced. Not acknowledgeable: the layout is a choice, not a shortfall.
    /// </summary>
    public string? LayoutProblem(StackSettings settings)
    {
        if (ZoneLayoutAllows(Nodes))
        {
            return null;
        }

        var up = (int)Math.Ceiling(Nodes / (decimal)Zones) * Zones;
        return $"stack '{settings.Stack}': {SettingsCatalog.ElasticsearchNodes.Key} {Nodes} does not divide over {SettingsCatalog.ElasticsearchZones.Key} {Zones}: one zone would hold more data nodes than another, so losing it would take more of the cluster than the capacity model plans for, and shard allocation awareness can leave replicas unassigned in unbalanced zones; fix: pulumi config set {SettingsCatalog.ElasticsearchNodes.Key} {up} --stack {settings.Stack}, or {SettingsCatalog.ElasticsearchZones.Key} to the zones the controlplane's nodes really span.";
    }

    private decimal Peak(Source source) => source.BytesPerDay / BytesPerEvent / SecondsPerDay * PeakOverMean;

    private static string Gi(decimal bytes) => Number(decimal.Round(bytes / GiB, 2));

    private static string Percent(decimal ratio) => Number(ratio * 100);

    private static string Number(decimal value) => decimal.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
