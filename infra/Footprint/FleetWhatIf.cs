using Infra.Components;
using Infra.Config;
using System.Globalization;
using Infra.Model;

namespace Infra.Footprint;

/// <summary>
/// "What if this controlplane had N environments": its stack file's config with N synthetic environments
/// like the default one (an environment stack with no settings of its own: production profile, 30 days of
/// logs), and the settings that must grow with the fleet (the Logstash volume, memory, pods and CPU, the Elasticsearch nodes for
/// the disk and the shard budget: the capacity model, <see cref="LogCapacity"/>) raised to the smallest value the compile accepts, when they are too small.
/// </summary>
public static class FleetWhatIf
{
    public const string NamePrefix = "what-if-";

    /// <summary>Most environments a what-if takes.</summary>
    public const int MaxEnvironments = 2000;

    private const decimal GiB = 1024m * 1024 * 1024;

    /// <summary>The config, and a note for each setting raised (key, from, to, why).</summary>
    public static (RawStackConfig Config, IReadOnlyList<string> Raised) With(RawStackConfig raw, int environments)
    {
        var names = Enumerable.Range(1, environments).Select(i => $"{NamePrefix}{i:D4}").ToList();
        var values = new SortedDictionary<string, RawConfigValue>(StringComparer.Ordinal);
        foreach (var (key, value) in raw.Values)
        {
            values[key] = value;
        }

        values[SettingsCatalog.Environments.Key] = RawConfigValue.OfList(names);
        var settings = SettingsBinder.Bind(raw with { Values = values }, secretsMustBeEncrypted: true);
        if (settings.Role != StackRole.Controlplane)
        {
            throw new CompilationException($"stack '{raw.Stack}': only a controlplane has environments; run the what-if on a stack with {SettingsCatalog.Role.Key}: controlplane.");
        }

        var raised = new List<string>();
        var queue = KubeQuantity.Parse(settings.Get(SettingsCatalog.LogstashQueueSize));
        var deadLetters = KubeQuantity.Parse(settings.Get(SettingsCatalog.LogstashDeadLetterQueueSize));
        var needed = Logstash.RequiredVolumeBytes(Logstash.PipelinesFor(environments), queue, deadLetters);
        var volume = settings.Get(SettingsCatalog.LogstashStorageSize);
        if (KubeQuantity.Parse(volume) < needed)
        {
            var size = $"{decimal.Ceiling(needed / GiB)}Gi";
            values[SettingsCatalog.LogstashStorageSize.Key] = RawConfigValue.OfScalar(size);
            raised.Add($"{SettingsCatalog.LogstashStorageSize.Key} {volume} -> {size} (every pipeline's queues)");
        }

        // The capacity model of the same environments: Elasticsearch nodes for the disk (also after a lost node
        // or zone) and the shards, memory for the disk per node, Logstash pods (up to the environments'
        // partitions) and CPU per pod for the busiest hour with a zone's pods lost, whichever costs the least CPU.
        var facts = names.Select(EnvironmentFactsSource.DefaultFor).ToList();
        var capacity = LogCapacity.For(settings, facts);
        if (capacity.NodesNeeded > capacity.Nodes)
        {
            var nodes = capacity.NodesNeeded;
            var why = capacity.DiskFits ? $"{capacity.Shards.Shards} shards" : $"{FootprintFormat.Bytes(capacity.NeededBytes(ElasticsearchShardBudget.CopiesFor(nodes)))} of logs, also after losing {string.Join(" or ", capacity.LossesAt(nodes).Select(l => l.What))}";
            if (nodes > SettingsCatalog.MaxElasticsearchNodes)
            {
                // Past the most nodes the setting takes, the volumes grow instead (and the memory with them, below).
                var zones = Math.Max(1, capacity.Zones);
                nodes = SettingsCatalog.MaxElasticsearchNodes / zones * zones;
                var storage = $"{(capacity with { Nodes = nodes }).StorageGiBNeeded}Gi";
                values[SettingsCatalog.ElasticsearchStorageSize.Key] = RawConfigValue.OfScalar(storage);
                raised.Add($"{SettingsCatalog.ElasticsearchStorageSize.Key} {settings.Get(SettingsCatalog.ElasticsearchStorageSize)} -> {storage} (more than {SettingsCatalog.MaxElasticsearchNodes} nodes of the configured size)");
                capacity = capacity with { StorageBytesPerNode = KubeQuantity.Parse(storage) };
            }

            values[SettingsCatalog.ElasticsearchNodes.Key] = RawConfigValue.OfScalar(nodes.ToString(CultureInfo.InvariantCulture));
            raised.Add($"{SettingsCatalog.ElasticsearchNodes.Key} {capacity.Nodes} -> {nodes} ({why})");
            capacity = capacity with { Nodes = nodes };
        }

        if (!capacity.MemoryFits)
        {
            var esMemory = $"{capacity.MemoryGiBNeeded}Gi";
            values[SettingsCatalog.ElasticsearchMemory.Key] = RawConfigValue.OfScalar(esMemory);
            raised.Add($"{SettingsCatalog.ElasticsearchMemory.Key} {settings.Get(SettingsCatalog.ElasticsearchMemory)} -> {esMemory} ({FootprintFormat.Plain(decimal.Round(capacity.MaxDiskPerMemory))} GiB of disk per GiB at most)");
        }

        if (!capacity.LogstashFits)
        {
            var (pods, cpu) = capacity.CheapestLogstash;
            var peak = $"{decimal.Round(capacity.PeakEventsPerSecond).ToString(CultureInfo.InvariantCulture)} events/s at the busiest hour, a zone's pods lost";
            if (pods > capacity.LogstashPods)
            {
                values[SettingsCatalog.LogstashReplicas.Key] = RawConfigValue.OfScalar(pods.ToString(CultureInfo.InvariantCulture));
                raised.Add($"{SettingsCatalog.LogstashReplicas.Key} {capacity.LogstashPods} -> {pods} ({peak})");
            }

            if (cpu > capacity.LogstashCpu)
            {
                var text = FootprintFormat.Cpu(cpu);
                values[SettingsCatalog.LogstashCpu.Key] = RawConfigValue.OfScalar(text);
                raised.Add($"{SettingsCatalog.LogstashCpu.Key} {settings.Get(SettingsCatalog.LogstashCpu)} -> {text} ({peak}, over {pods} pods)");
            }
        }

        // One environment's pipeline on one pod runs on its workers only (the default environments are alike, so this
        // binds only with a large logstashEventsPerCore shortfall): workers, each with its core.
        if (!capacity.PipelinesFit && capacity.WorkersNeeded <= LogCapacity.MostWorkers)
        {
            var workers = capacity.WorkersNeeded;
            values[SettingsCatalog.LogstashPipelineWorkers.Key] = RawConfigValue.OfScalar(workers.ToString(CultureInfo.InvariantCulture));
            raised.Add($"{SettingsCatalog.LogstashPipelineWorkers.Key} {capacity.Workers} -> {workers} (the busiest environment's pipeline on one pod)");
            if (KubeQuantity.Parse(values.TryGetValue(SettingsCatalog.LogstashCpu.Key, out var cpuValue) ? cpuValue.Scalar ?? "0" : settings.Get(SettingsCatalog.LogstashCpu)) < workers)
            {
                values[SettingsCatalog.LogstashCpu.Key] = RawConfigValue.OfScalar(workers.ToString(CultureInfo.InvariantCulture));
                raised.Add($"{SettingsCatalog.LogstashCpu.Key} -> {workers} (a core per worker)");
            }
        }

        // Every pipeline's heap, with the pods, workers and partitions raised above.
        var memory = settings.Get(SettingsCatalog.LogstashMemory);
        var (heapWorkers, partitionsPerPod, floor, line) = Logstash.HeapInputs(capacity with
        {
            LogstashPods = values.TryGetValue(SettingsCatalog.LogstashReplicas.Key, out var podsValue) && int.TryParse(podsValue.Scalar, CultureInfo.InvariantCulture, out var p) ? p : capacity.LogstashPods,
            Workers = capacity.PipelinesFit ? capacity.Workers : Math.Min(LogCapacity.MostWorkers, capacity.WorkersNeeded),
        }, settings.Profile);
        if (KubeQuantity.Parse(memory) / 2 < Logstash.RequiredHeapBytes(Logstash.PipelinesFor(environments), heapWorkers, partitionsPerPod, floor, line))
        {
            var raisedMemory = Logstash.RequiredMemory(Logstash.PipelinesFor(environments), heapWorkers, partitionsPerPod, floor, line);
            values[SettingsCatalog.LogstashMemory.Key] = RawConfigValue.OfScalar(raisedMemory);
            raised.Add($"{SettingsCatalog.LogstashMemory.Key} {memory} -> {raisedMemory} (every pipeline's heap)");
        }

        // The Elasticsearch exporter's scrape grows with the nodes and indices: the sample limit with it.
        var series = ElasticsearchExporterSeries.For(settings, facts, capacity.Nodes);
        if (!series.Fits)
        {
            values[SettingsCatalog.PrometheusEnforcedSampleLimit.Key] = RawConfigValue.OfScalar(series.LimitNeeded.ToString(CultureInfo.InvariantCulture));
            raised.Add($"{SettingsCatalog.PrometheusEnforcedSampleLimit.Key} {series.Limit} -> {series.LimitNeeded} (the Elasticsearch exporter's scrape: about {series.Predicted} samples)");
        }

        return (raw with { Values = values }, raised);
    }

    /// <summary>The what-if compiled: every environment gets the defaults, no stack file is read for them.</summary>
    public static (CompiledStack Compiled, IReadOnlyList<string> Raised) Compile(RawStackConfig raw, string root, int environments)
    {
        var (config, raised) = With(raw, environments);
        return (StackCompiler.Compile(config, root, fromStackFile: true, requireResources: false, EnvironmentFactsSource.Defaults), raised);
    }
}
