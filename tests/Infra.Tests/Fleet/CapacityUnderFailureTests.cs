using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Footprint;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Fleet;

/// <summary>
/// The capacity model under failure (docs/sizing.md, "The capacity model"): Elasticsearch's disk after a lost
/// data node or zone, the data nodes' memory for their disk, Logstash with one pod lost and with no more pods
/// than partitions, and the throughput per core as a setting.
/// </summary>
public sealed class CapacityUnderFailureTests
{
    private const decimal GiB = 1024m * 1024 * 1024;

    /// <summary>One source of 30 days whose two copies (with the 7-day rollover) take this many GiB.</summary>
    private static LogCapacity.Source Needing(decimal gib, int partitions = 6) => new("s", 30, gib * GiB / 2 / 37, partitions);

    [Fact]
    public void TheSurvivorsOfALostNodeOrZoneMustHoldEveryCopyBelowTheHighWatermark()
    {
        // 750 GiB on 6 nodes of 200Gi (97% of it filesystem): 989 GiB below the low watermark, 873 GiB on the 5
        // survivors of a lost node, 698 GiB on the 4 survivors of a lost zone (of 3), below the high watermark.
        var oneZone = new LogCapacity([Needing(750)], 6, 200 * GiB, 7, 1, 1, Zones: 1);
        Assert.True(oneZone.DiskFits, "one zone: 750 GiB fit 6 nodes and the 5 survivors of a lost node");
        var threeZones = oneZone with { Zones = 3 };
        Assert.False(threeZones.DiskFits, "three zones: the 4 survivors of a lost zone hold 698 GiB below the high watermark");
        Assert.Equal(4 * 200 * GiB * LogCapacity.FilesystemShare * LogCapacity.HighWatermark, threeZones.EffectiveUsableBytes(6));

        // A lost node alone: 900 GiB no longer fit 5 survivors, though they fit 6 nodes below the low watermark.
        var nodeLoss = oneZone with { Sources = [Needing(900)] };
        Assert.True(nodeLoss.NeededBytes() <= nodeLoss.UsableBytes(6));
        Assert.False(nodeLoss.DiskFits);

        // The nodes the model asks for divide over the zones and survive both losses.
        var nodes = threeZones.NodesNeeded;
        Assert.Equal(0, nodes % 3);
        Assert.True((threeZones with { Nodes = nodes }).DiskFits);
        Assert.False((threeZones with { Nodes = nodes - 3 }).DiskFits);
        Assert.True((threeZones with { StorageBytesPerNode = threeZones.StorageGiBNeeded * GiB }).DiskFits);
    }

    [Fact]
    public void ALostZoneThatDoesNotFitIsRefusedWithSettingsThatEachMakeItFit()
    {
        // Three development environments of 8Gi a day (7 days): about 820 GiB with replicas, which 6 nodes of 200Gi hold
        // (931 GiB at 80%) and so do the 5 survivors of a lost node (873 GiB), but not the 4 of a lost zone (698 GiB).
        var controlplane = new Dictionary<string, string>
        {
            [SettingsCatalog.ElasticsearchNodes.Key] = "6",
            [SettingsCatalog.ElasticsearchZones.Key] = "3",
            [SettingsCatalog.ElasticsearchStorageSize.Key] = "200Gi",
            [SettingsCatalog.ElasticsearchMemory.Key] = "64Gi",
            [SettingsCatalog.LogstashCpu.Key] = "8",
        };
        using var fleet = new SyntheticFleet(3, (_, config) => SyntheticFleet.Set(config, SettingsCatalog.LogVolumePerDay.Key, "8Gi"), controlplane);
        Assert.True(fleet.Capacity().NeededBytes() <= fleet.Capacity().UsableBytes(6), "the steady state fits: only the loss must be refused");
        var error = Assert.Throws<CompilationException>(() => fleet.Compile());
        var message = string.Join("\n", error.Problems);
        Assert.Contains("after losing one zone", message, StringComparison.Ordinal);
        Assert.Contains(SettingsCatalog.ElasticsearchZones.Key, message, StringComparison.Ordinal);
        Assert.Contains("high disk watermark", message, StringComparison.Ordinal);

        foreach (var (setting, pattern) in new (SettingDefinition, string)[] { (SettingsCatalog.ElasticsearchNodes, "[0-9]+"), (SettingsCatalog.ElasticsearchStorageSize, "[0-9]+Gi") })
        {
            var fix = Regex.Match(message, $"pulumi config set {Regex.Escape(setting.Key)} ({pattern})");
            Assert.True(fix.Success, $"no fix for {setting.Key} in: {message}");
            fleet.SetControlplane(setting.Key, fix.Groups[1].Value);
            fleet.Compile();
            fleet.SetControlplane(setting.Key, controlplane[setting.Key]);
        }

        // The same cluster in one zone only has to survive a lost node: it fits.
        fleet.SetControlplane(SettingsCatalog.ElasticsearchZones.Key, "1");
        fleet.Compile();
    }

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void DataNodesThatDoNotDivideOverTheZonesAreRefused(string id)
    {
        var settings = Stacks.SettingsOf(id);
        var zones = 3;
        var nodes = settings.Get(SettingsCatalog.ElasticsearchNodes) + 1;
        nodes += nodes % zones == 0 ? 1 : 0;
        var overrides = new Dictionary<string, string>
        {
            [SettingsCatalog.ElasticsearchZones.Key] = zones.ToString(CultureInfo.InvariantCulture),
            [SettingsCatalog.ElasticsearchNodes.Key] = nodes.ToString(CultureInfo.InvariantCulture),
        };
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(id, overrides));
        var message = string.Join("\n", error.Problems);
        var fix = Regex.Match(message, $"does not divide over {Regex.Escape(SettingsCatalog.ElasticsearchZones.Key)} 3:.*?fix: pulumi config set {Regex.Escape(SettingsCatalog.ElasticsearchNodes.Key)} ([0-9]+)");
        Assert.True(fix.Success, message);
        Assert.Equal(0, int.Parse(fix.Groups[1].Value, CultureInfo.InvariantCulture) % zones);
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void AClusterThatFitsStaysBelowItsDiskWarningAlert(string id)
    {
        // The steady state is planned on the filesystem (not the volume) and below the warning alert's threshold, so a
        // cluster the model accepts does not sit at its alert at every weekly peak.
        var settings = Stacks.SettingsOf(id);
        var capacity = LogCapacity.For(settings, Stacks.Compile(id).Contributions.EnvironmentFacts);
        var warning = settings.Get(SettingsCatalog.AlertThresholdValues).Get(Thresholds.ElasticsearchDiskUsedWarningPercent, settings.Profile) / 100;
        var filesystem = capacity.Nodes * capacity.StorageBytesPerNode * LogCapacity.FilesystemShare;
        Assert.True(capacity.UsableBytes(capacity.Nodes) <= filesystem * warning, $"{capacity.UsableBytes(capacity.Nodes)} over {warning:P0} of {filesystem}");
        Assert.True(capacity.NeededBytes() <= filesystem * warning, $"the sample's logs fill more than {warning:P0} of the filesystem");

        // The same logs on just enough volume for 85% of it are refused.
        var tight = capacity with { StorageBytesPerNode = capacity.NeededBytes() / (capacity.Nodes * LogCapacity.LowWatermark), Zones = 1 };
        Assert.False(tight.DiskFits);
    }

    [Fact]
    public void ADataNodeWithMoreDiskThanItsMemoryServesIsRefused()
    {
        // 30 days with a weekly rollover: 7 of 37 days are hot (1:30), the rest warm (1:160): at most about 88 GiB of
        // disk per GiB of memory. 200Gi with 2Gi is 100: too much; with 4Gi, 50.
        var capacity = new LogCapacity([Needing(100)], 6, 200 * GiB, 7, 1, 1, MemoryBytesPerNode: 2 * GiB);
        Assert.Equal(decimal.Round(7m / 37, 10), decimal.Round(capacity.HotShare, 10));
        Assert.InRange(capacity.MaxDiskPerMemory, 87m, 89m);
        Assert.False(capacity.MemoryFits);
        Assert.Equal(3, capacity.MemoryGiBNeeded);
        Assert.True((capacity with { MemoryBytesPerNode = capacity.MemoryGiBNeeded * GiB }).MemoryFits);
        Assert.True((capacity with { StorageBytesPerNode = capacity.StorageGiBForMemory * GiB }).MemoryFits);
        Assert.True((capacity with { MemoryBytesPerNode = 4 * GiB }).MemoryFits);
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TooLittleElasticsearchMemoryForItsDiskIsRefusedWithTheMemoryThatFits(string id)
    {
        var settings = Stacks.SettingsOf(id);
        var storage = Model.KubeQuantity.Parse(settings.Get(SettingsCatalog.ElasticsearchStorageSize));
        // A memory that gives each node twice the warm ratio's disk per GiB: past any share of hot data.
        var memory = $"{decimal.Ceiling(storage / (2 * LogCapacity.WarmDiskPerMemory) / (1024 * 1024))}Mi";
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(id, new Dictionary<string, string> { [SettingsCatalog.ElasticsearchMemory.Key] = memory }));
        var message = string.Join("\n", error.Problems);
        var fix = Regex.Match(message, $"pulumi config set {Regex.Escape(SettingsCatalog.ElasticsearchMemory.Key)} ([0-9]+Gi)");
        Assert.True(fix.Success, message);
        Stacks.CompileWith(id, new Dictionary<string, string> { [SettingsCatalog.ElasticsearchMemory.Key] = fix.Groups[1].Value });
    }

    [Fact]
    public void LogstashHoldsTheBusiestHourWithOnePodLost()
    {
        // 2,400 events/s at the busiest hour over 6 partitions: 3 pods of 1 CPU take 800 each, but with one lost
        // the 2 left take 3 partitions, 1,200 events/s each, over the 1,000 a core sustains.
        var bytesPerDay = 2400m / LogCapacity.PeakFactor * 86_400 * LogCapacity.EventBytes;
        var capacity = new LogCapacity([new LogCapacity.Source("s", 30, bytesPerDay, 6)], 1, 1000 * GiB, 7, 3, 1);
        Assert.Equal(2400m, decimal.Round(capacity.PeakEventsPerSecond));
        Assert.Equal(1200m, decimal.Round(capacity.BusiestPodEventsPerSecond(3)));
        Assert.False(capacity.LogstashFits);

        // 4 pods: 3 left take 2 partitions each (800 events/s); the model names that, or 1.25 CPU for 3 pods.
        Assert.Equal(4, capacity.LogstashPodsNeeded);
        Assert.True((capacity with { LogstashPods = 4 }).LogstashFits);
        Assert.Equal(1.25m, capacity.LogstashCpuNeeded);
        Assert.True((capacity with { LogstashCpu = capacity.LogstashCpuNeeded }).LogstashFits);
    }

    [Fact]
    public void LogstashIsSizedForAZonesShareOfItsPodsLost()
    {
        // 4 pods over 3 zones: a zone holds 2 (the required spread's bound), so 2 serve; with one zone, 3 serve.
        // 2,400 events/s over 6 partitions: 3 serving pods take 2 partitions (800 events/s), 2 take 3 (1,200).
        var bytesPerDay = 2400m / LogCapacity.PeakFactor * 86_400 * LogCapacity.EventBytes;
        var oneZone = new LogCapacity([new LogCapacity.Source("s", 30, bytesPerDay, 6)], 1, 1000 * GiB, 7, 4, 1, Zones: 1);
        Assert.Equal(3, oneZone.ServingPods(4));
        Assert.True(oneZone.LogstashFits);
        var threeZones = oneZone with { Zones = 3 };
        Assert.Equal(2, threeZones.LostPods(4));
        Assert.Equal(2, threeZones.ServingPods(4));
        Assert.Equal(1200m, decimal.Round(threeZones.BusiestPodEventsPerSecond(4)));
        Assert.False(threeZones.LogstashFits);

        // Up to one pod per zone a zone takes one pod, as before; the compile's fix holds the zone's share.
        Assert.Equal(2, threeZones.ServingPods(3));
        Assert.True((threeZones with { LogstashCpu = threeZones.LogstashCpuNeeded }).LogstashFits);
        Assert.Contains(threeZones.Problems(Stacks.SettingsOf(Stacks.Controlplane)), p => p.Contains("a zone's 2 of the 4 Logstash pods lost", StringComparison.Ordinal));
    }

    [Fact]
    public void OneBusyEnvironmentIsCappedByItsPipelinesWorkersNotByThePodsCpu()
    {
        // 150 GiB a day over 6 partitions: 5,461 events/s at the busiest hour; 3 pods over 3 zones, 2 serving, one
        // holds 3 partitions: 2,730 events/s on one pipeline, over 2 workers x 1,000 whatever the pod's CPU.
        var big = new LogCapacity.Source("big", 30, 150 * GiB, 6);
        var capacity = new LogCapacity([big], 1, 100_000 * GiB, 7, 3, 16, Zones: 3, Workers: 2);
        Assert.True(capacity.BusiestPodEventsPerSecond(3) <= capacity.PodEventsPerSecond, "16 CPU hold the pod's total");
        Assert.False(capacity.PipelinesFit);
        Assert.False(capacity.LogstashFits);
        Assert.False((capacity with { LogstashCpu = 64 }).PipelinesFit, "more CPU alone cannot help a pipeline of 2 workers");
        Assert.Equal(3, capacity.WorkersNeeded);
        Assert.True((capacity with { Workers = capacity.WorkersNeeded }).LogstashFits);
        // Workers without cores do not help either: each worker needs a core.
        Assert.False((capacity with { Workers = capacity.WorkersNeeded, LogstashCpu = 2 }).PipelinesFit);

        var settings = Stacks.SettingsOf(Stacks.Controlplane);
        var problem = Assert.Single(capacity.Problems(settings), p => p.Contains(SettingsCatalog.LogstashPipelineWorkers.Key, StringComparison.Ordinal));
        Assert.Contains($"pulumi config set {SettingsCatalog.LogstashPipelineWorkers.Key} 3 ", problem, StringComparison.Ordinal);
        Assert.Contains($"{SettingsCatalog.KafkaLogPartitions.Key} on big", problem, StringComparison.Ordinal);
        Assert.Contains("consumer_threads", problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TheCompileRefusesAnEnvironmentItsPipelineCannotHoldAndNamesTheWorkers(string id)
    {
        // The controlplane's own source at a volume whose pipeline on one pod needs more than its workers.
        var capacity = LogCapacity.For(Stacks.SettingsOf(id), Stacks.Compile(id).Contributions.EnvironmentFacts);
        var own = capacity.Sources[0];
        var factor = capacity.PipelineCeiling / capacity.PipelineEventsPerSecond(own, capacity.LogstashPods) * 1.5m;
        var volume = $"{decimal.Ceiling(own.BytesPerDay * factor / GiB)}Gi";
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(id, new Dictionary<string, string> { [SettingsCatalog.LogVolumePerDay.Key] = volume }));
        var message = string.Join("\n", error.Problems);
        Assert.Matches($"pulumi config set {Regex.Escape(SettingsCatalog.LogstashPipelineWorkers.Key)} [0-9]+ ", message);
    }

    [Fact]
    public void LogstashPodsBeyondATopicsPartitionsIdleAndAreNeverTheFix()
    {
        // A consumer group gives each partition to one member: past the partitions, pods add nothing for that topic.
        Assert.Equal(LogCapacity.BusiestShare(3, 3), LogCapacity.BusiestShare(3, 5));
        Assert.Equal(2m / 6, LogCapacity.BusiestShare(6, 4));
        Assert.Equal(1m, LogCapacity.BusiestShare(6, 1));

        // A volume no pod count up to the 3 partitions holds: the fix is CPU per pod, never a fourth pod.
        var bytesPerDay = 10_000m / LogCapacity.PeakFactor * 86_400 * LogCapacity.EventBytes;
        var capacity = new LogCapacity([new LogCapacity.Source("s", 30, bytesPerDay, 3)], 1, 1000 * GiB, 7, 2, 1);
        Assert.Equal(3, capacity.MostLogstashPods);
        Assert.Equal(0, capacity.LogstashPodsNeeded);
        Assert.InRange(capacity.CheapestLogstash.Pods, 2, 3);
        // One source is a pod's whole load: its pipeline needs a worker per core of it (the per-source ceiling).
        Assert.True((capacity with { LogstashPods = capacity.CheapestLogstash.Pods, LogstashCpu = capacity.CheapestLogstash.Cpu, Workers = LogCapacity.MostWorkers }).LogstashFits);
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public void TheFleetWhatIfRaisesNodesOverTheZonesAndLogstashPodsNeverPastThePartitions()
    {
        var raw = StackFileReader.Read(Repo.Root, Stacks.NameOf(Stacks.Controlplane));
        var partitions = EnvironmentFactsSource.DefaultFor("x").KafkaLogPartitions;
        foreach (var environments in new[] { 100, 500 })
        {
            var (config, _) = FleetWhatIf.With(raw, environments);
            var settings = SettingsBinder.Bind(config, secretsMustBeEncrypted: true);
            Assert.InRange(settings.Get(SettingsCatalog.LogstashReplicas), 1, Math.Min(partitions, settings.Get(SettingsCatalog.KafkaLogPartitions)));
            var capacity = LogCapacity.For(settings, Enumerable.Range(1, environments).Select(i => EnvironmentFactsSource.DefaultFor($"{FleetWhatIf.NamePrefix}{i:D4}")).ToList());
            Assert.True(capacity.LogstashFits, $"{environments}: the raised pods and CPU do not hold the busiest hour with one pod lost");
            Assert.True(capacity.DiskFits, $"{environments}: the raised nodes do not survive a lost node or zone");
            Assert.True(capacity.ZoneLayoutAllows(capacity.Nodes), $"{environments}: {capacity.Nodes} nodes do not divide over {capacity.Zones} zones");
        }
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TheStoredEventSizeAndThePeakAreSettingsTheModelUses(string id)
    {
        var compiled = Stacks.Compile(id);
        var capacity = LogCapacity.For(compiled.Settings, compiled.Contributions.EnvironmentFacts);
        Assert.Equal(compiled.Settings.Get(SettingsCatalog.LogEventBytes), capacity.BytesPerEvent);
        Assert.Equal(compiled.Settings.Get(SettingsCatalog.LogPeakOverMean), capacity.PeakOverMean);

        // Half the bytes per event is twice the events; a peak that takes the busiest pod past its CPU is refused, naming both.
        Assert.Equal(decimal.Round(2 * capacity.PeakEventsPerSecond, 6), decimal.Round((capacity with { BytesPerEvent = capacity.BytesPerEvent / 2 }).PeakEventsPerSecond, 6));
        var peak = (int)decimal.Ceiling(capacity.PeakOverMean * capacity.PodEventsPerSecond / capacity.BusiestPodEventsPerSecond(capacity.LogstashPods) * 2);
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(id, new Dictionary<string, string>
        {
            [SettingsCatalog.LogPeakOverMean.Key] = Math.Min(24, peak).ToString(CultureInfo.InvariantCulture),
            [SettingsCatalog.LogEventBytes.Key] = "64",
        }));
        var message = string.Join("\n", error.Problems);
        Assert.Contains(SettingsCatalog.LogPeakOverMean.Key, message, StringComparison.Ordinal);
        Assert.Contains(SettingsCatalog.LogEventBytes.Key, message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TheThroughputPerCoreIsASettingTheModelUses(string id)
    {
        var compiled = Stacks.Compile(id);
        var capacity = LogCapacity.For(compiled.Settings, compiled.Contributions.EnvironmentFacts);
        Assert.Equal(compiled.Settings.Get(SettingsCatalog.LogstashEventsPerCore), capacity.EventsPerCore);

        // A per-core rate below what the busiest pod must process is refused, naming the setting.
        var perCore = (int)Math.Max(1, decimal.Floor(capacity.BusiestPodEventsPerSecond(capacity.LogstashPods) / capacity.LogstashCpu / 2));
        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(id, new Dictionary<string, string>
        {
            [SettingsCatalog.LogstashEventsPerCore.Key] = perCore.ToString(CultureInfo.InvariantCulture),
        }));
        Assert.Contains(SettingsCatalog.LogstashEventsPerCore.Key, string.Join("\n", error.Problems), StringComparison.Ordinal);
    }
}
