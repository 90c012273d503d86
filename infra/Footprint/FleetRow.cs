using Infra.Components;
using Infra.Config;

namespace Infra.Footprint;

/// <summary>
/// One line of the fleet table: a what-if of N environments compiled, and every number read from that
/// compilation (its footprint, its settings, the capacity model of its environments), so the table
/// shows what the compile provisions.
/// </summary>
public sealed record FleetRow(
    int Environments,
    FootprintTotals Totals,
    decimal LargestVolume,
    decimal LogstashVolume,
    decimal LogstashNeeded,
    decimal LogBytesPerDay,
    decimal ElasticsearchNeeded,
    decimal ElasticsearchUsable,
    int ElasticsearchDataNodes,
    int LogstashPods,
    decimal LogstashCpu,
    decimal PeakEventsPerSecond,
    ElasticsearchShardBudget Shards,
    FederationSizing Federation,
    IReadOnlyList<string> Raised,
    int KubernetesNodes)
{
    public static FleetRow Of(RawStackConfig raw, string root, int environments, FootprintOptions options)
    {
        var (compiled, raised) = FleetWhatIf.Compile(raw, root, environments);
        return Of(compiled, environments, options, raised);
    }

    /// <summary>The row of a compiled controlplane (a what-if, or a real fleet of N environment stacks).</summary>
    public static FleetRow Of(CompiledStack compiled, int environments, FootprintOptions options, IReadOnlyList<string> raised)
    {
        var report = FootprintCalculator.Compute(compiled, options);
        var settings = compiled.Settings;
        var logstash = report.Workloads.Where(w => w.Component == Logstash.ComponentName).ToList();
        var needed = Logstash.RequiredVolumeBytes(Logstash.PipelinesFor(environments),
            Model.KubeQuantity.Parse(settings.Get(SettingsCatalog.LogstashQueueSize)),
            Model.KubeQuantity.Parse(settings.Get(SettingsCatalog.LogstashDeadLetterQueueSize))) * settings.Get(SettingsCatalog.LogstashReplicas);
        var elasticsearch = report.Retention.Single(r => r.Component == Elasticsearch.ComponentName);
        var capacity = LogCapacity.For(settings, compiled.Contributions.EnvironmentFacts);
        var logstashPod = logstash.Single(w => w.Name == Logstash.Name || w.Containers.Any(c => c.Name == Logstash.Name));
        return new FleetRow(environments, report.Total,
            report.Workloads.SelectMany(w => w.Volumes).Select(v => v.Bytes).DefaultIfEmpty(0).Max(),
            logstash.Select(w => w.StorageBytesPerPod).DefaultIfEmpty(0).Max(),
            needed,
            capacity.BytesPerDay,
            elasticsearch.Bytes ?? 0,
            elasticsearch.UsableBytes,
            report.Workloads.Where(w => w.Component == Elasticsearch.ComponentName && w.Name.Contains("-es-", StringComparison.Ordinal)
                && !w.Name.EndsWith($"-es-{Elasticsearch.MasterNodeSet}", StringComparison.Ordinal)).Sum(w => w.Pods(options.Nodes)),
            logstashPod.Pods(options.Nodes),
            logstashPod.Containers.Single(c => c.Name == Logstash.Name).CpuRequest ?? 0,
            capacity.PeakEventsPerSecond,
            ElasticsearchShardBudget.For(settings, compiled.Contributions.EnvironmentFacts),
            FederationSizing.For(environments),
            raised,
            report.Options.Nodes);
    }
}
